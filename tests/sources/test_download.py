"""rxanswers.sources.download against a local HTTP server on 127.0.0.1 (no network, no database).

The server serves small files in the official layouts (openFDA download.json + label partitions,
drugsatfda.zip, EOBZIP zip, ndctext.zip, Purple Book CSV, a DKAN listing + NADAC CSV) and can be
told to cut a response short, answer 500 once, ignore Range, redirect, or stall.
"""

from __future__ import annotations

import hashlib
import io
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import orjson
import pytest

from rxanswers import registry
from rxanswers.sources import download as dl
from rxanswers.sources import fetch
from rxanswers.sources.download import (
    DownloadError,
    ManifestError,
    download_dataset,
    download_file,
    fetch_manifest,
    parse_manifest,
    purplebook_candidates,
    read_sidecar,
    resolve_url,
    sidecar_path,
)

DOWNLOADS = {key: entry.download for key, entry in registry.downloads().items()}

FAST = {"backoff": 0.0, "timeout": 5.0}

# --------------------------------------------------------------------------------------------
# Fixture files in the official layouts
# --------------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _label(i: int) -> dict:
    return {
        "id": f"00000000-0000-0000-0000-{i:012d}",
        "set_id": f"11111111-0000-0000-0000-{i:012d}",
        "version": "3",
        "effective_time": "20240115",
        "indications_and_usage": [
            f"1 INDICATIONS AND USAGE Drug {i} is a kinase inhibitor indicated for ..."
        ],
        "dosage_and_administration": ["2 DOSAGE AND ADMINISTRATION " + "Take one tablet daily. " * 40],
        "openfda": {
            "brand_name": [f"BRAND{i}"],
            "generic_name": ["IMATINIB MESYLATE"],
            "manufacturer_name": ["Example Pharma"],
            "product_type": ["HUMAN PRESCRIPTION DRUG"],
            "route": ["ORAL"],
            "application_number": ["NDA021588"],
            "spl_set_id": [f"11111111-0000-0000-0000-{i:012d}"],
        },
    }


def _label_partition(n: int, start: int, count: int) -> tuple[str, bytes]:
    name = f"drug-label-{n:04d}-of-0002.json"
    doc = {
        "meta": {
            "disclaimer": "Do not rely on openFDA to make decisions regarding medical care. ...",
            "terms": "https://open.fda.gov/terms/",
            "license": "https://open.fda.gov/license/",
            "last_updated": "2024-11-19",
            "results": {"skip": 0, "limit": count, "total": count},
        },
        "results": [_label(i) for i in range(start, start + count)],
    }
    return name + ".zip", _zip({name: orjson.dumps(doc)})


def _tsv(header: list[str], rows: list[list[str]], sep: str = "\t") -> bytes:
    return ("\r\n".join(sep.join(r) for r in [header, *rows]) + "\r\n").encode()


DRUGSATFDA = _zip(
    {
        "Applications.txt": _tsv(
            ["ApplNo", "ApplType", "ApplPublicNotes", "SponsorName"],
            [["021588", "NDA", "", "NOVARTIS"], ["078340", "ANDA", "", "TEVA PHARMS USA"]],
        ),
        "Products.txt": _tsv(
            [
                "ApplNo",
                "ProductNo",
                "Form",
                "Strength",
                "ReferenceDrug",
                "DrugName",
                "ActiveIngredient",
                "ReferenceStandard",
            ],
            [["021588", "001", "TABLET;ORAL", "EQ 100MG BASE", "1", "GLEEVEC", "IMATINIB MESYLATE", "0"]],
        ),
    }
)
ORANGEBOOK = _zip(
    {
        "products.txt": _tsv(
            ["Ingredient", "DF;Route", "Trade_Name", "Applicant", "Strength", "Appl_Type", "Appl_No"],
            [["DASATINIB", "TABLET;ORAL", "SPRYCEL", "BMS", "20MG", "N", "021986"]],
            sep="~",
        ),
        "patent.txt": _tsv(
            ["Appl_Type", "Appl_No", "Product_No", "Patent_No"], [["N", "021986", "001", "1"]], "~"
        ),
        "exclusivity.txt": _tsv(["Appl_Type", "Appl_No", "Product_No", "Exclusivity_Code"], [], "~"),
    }
)
NDC = _zip(
    {
        "product.txt": _tsv(
            ["PRODUCTID", "PRODUCTNDC", "PRODUCTTYPENAME", "PROPRIETARYNAME"],
            [["0078-0401_x", "0078-0401", "HUMAN PRESCRIPTION DRUG", "Gleevec"]],
        ),
        "package.txt": _tsv(
            ["PRODUCTID", "PRODUCTNDC", "NDCPACKAGECODE", "PACKAGEDESCRIPTION"],
            [["0078-0401_x", "0078-0401", "0078-0401-34", "90 TABLET in 1 BOTTLE"]],
        ),
    }
)
PURPLEBOOK = (
    b"Purple Book Data Download\r\n"
    b"N/R/U,Applicant,BLA Number,Proprietary Name,Proper Name,BLA Type\r\n"
    b",Wyeth,761040,Besponsa,inotuzumab ozogamicin,351(a)\r\n"
)
NADAC = (
    b"NDC Description,NDC,NADAC_Per_Unit,Effective_Date,Pricing_Unit,Pharmacy_Type_Indicator,OTC,"
    b"Explanation_Code,Classification_for_Rate_Setting,Corresponding_Generic_Drug_NADAC_Per_Unit,"
    b"Corresponding_Generic_Drug_Effective_Date,As of Date\r\n"
    b"IMATINIB MESYL 100 MG TABLET,00093762956,1.23456,01/01/2026,EA,C/I,N,1,G,,,01/07/2026\r\n"
)


def _corrupt(zip_bytes: bytes) -> bytes:
    """Same length, still looks like a zip, but a member's compressed data is damaged (CRC fails)."""
    data = bytearray(zip_bytes)
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
        info = zf.infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 2, start + 12):
        data[i] ^= 0x5A
    return bytes(data)


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


@dataclass
class Served:
    body: bytes
    etag: str
    last_modified: str


@dataclass
class Behaviour:
    files: dict[str, Served] = field(default_factory=dict)
    log: list[dict] = field(default_factory=list)
    cut_once: dict[str, int] = field(default_factory=dict)  # path -> bytes sent before the cut
    fail_once: dict[str, int] = field(default_factory=dict)  # path -> status to answer once
    always_status: dict[str, int] = field(default_factory=dict)
    ignore_range: set[str] = field(default_factory=set)
    lie_length: dict[str, int] = field(default_factory=dict)  # path -> Content-Length claimed
    redirects: dict[str, str] = field(default_factory=dict)
    stall: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, path: str, body: bytes) -> None:
        digest = hashlib.sha256(body).hexdigest()[:16]
        self.files[path] = Served(body, f'"{digest}"', formatdate(time.time(), usegmt=True))

    def requests(self, path: str) -> list[dict]:
        return [r for r in self.log if r["path"] == path]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def _log(self, status: int, sent: int = 0) -> None:
        self.server.behaviour.log.append(
            {
                "path": self.path,
                "status": status,
                "range": self.headers.get("Range"),
                "if_range": self.headers.get("If-Range"),
                "if_none_match": self.headers.get("If-None-Match"),
                "if_modified_since": self.headers.get("If-Modified-Since"),
                "user_agent": self.headers.get("User-Agent"),
                "sent": sent,
            }
        )

    def _plain(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self._log(status, len(body))  # before answering: the client may look at the log at once
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        b = self.server.behaviour
        path = self.path
        with b.lock:
            once = b.fail_once.pop(path, None)
            cut = b.cut_once.pop(path, None)
        if path in b.stall:
            time.sleep(b.stall[path])
        if once is not None:
            return self._plain(once, b"oops")
        if path in b.always_status:
            return self._plain(b.always_status[path], b"nope")
        if path in b.redirects:
            return self._plain(302, b"", {"Location": b.redirects[path]})
        served = b.files.get(path)
        if served is None:
            return self._plain(404, b"<html>not found</html>")
        validators = {"ETag": served.etag, "Last-Modified": served.last_modified, "Accept-Ranges": "bytes"}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm is not None and inm == served.etag) or (inm is None and ims == served.last_modified):
            self._log(304)
            self.send_response(304)
            for k, v in validators.items():
                self.send_header(k, v)
            self.end_headers()
            return

        body, status, extra = served.body, 200, {}
        rng = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if (
            rng
            and path not in b.ignore_range
            and (if_range is None or if_range in (served.etag, served.last_modified))
        ):
            start = int(rng.removeprefix("bytes=").split("-")[0])
            if start >= len(body):
                return self._plain(416, b"", {"Content-Range": f"bytes */{len(body)}"})
            extra["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
            body, status = body[start:], 206

        self._log(status, len(body) if cut is None else cut)
        self.send_response(status)
        for k, v in {**validators, **extra}.items():
            self.send_header(k, v)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(b.lie_length.get(path, len(body))))
        self.end_headers()
        if cut is not None:
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    behaviour: Behaviour

    def handle_error(self, request, client_address) -> None:
        pass  # clients that time out or hang up on purpose are part of the tests


@dataclass
class Env:
    base: str
    b: Behaviour

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    for src in DOWNLOADS.values():
        monkeypatch.delenv(src.env_var, raising=False)
        if src.direct_env_var:
            monkeypatch.delenv(src.direct_env_var, raising=False)
    monkeypatch.delenv(dl.BASE_URL_ENV, raising=False)

    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.behaviour = Behaviour()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    b = httpd.behaviour

    # openFDA: manifest + two label partitions, in the official layout.
    manifest = {
        "meta": {
            "disclaimer": "Do not rely on openFDA to make decisions regarding medical care. ...",
            "terms": "https://open.fda.gov/terms/",
            "license": "https://open.fda.gov/license/",
            "last_updated": "2024-11-19",
        },
        "results": {"drug": {"label": {"total_records": 0, "export_date": "2024-11-19", "partitions": []}}},
    }
    label = manifest["results"]["drug"]["label"]
    for n, (start, count) in enumerate([(0, 30), (30, 25)], start=1):
        name, body = _label_partition(n, start, count)
        b.put(f"/download/drug/label/{name}", body)
        label["partitions"].append(
            {
                "display_name": f"{n} of 2",
                "file": f"{base}/download/drug/label/{name}",
                "size_mb": f"{len(body) / 1024 / 1024:.2f}",
                "records": count,
            }
        )
        label["total_records"] += count
    b.put("/download.json", orjson.dumps(manifest))
    b.put("/drugsatfda.zip", DRUGSATFDA)
    b.put("/EOBZIP.zip", ORANGEBOOK)
    b.put("/ndctext.zip", NDC)
    b.put("/purplebook.csv", PURPLEBOOK)
    b.put("/nadac.csv", NADAC)

    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Env(base, b)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*") if p.name.endswith((".part", ".tmp")))


# --------------------------------------------------------------------------------------------
# The download locations (declared in the registry) and URL resolution
# --------------------------------------------------------------------------------------------


def test_download_locations_are_complete_and_documented() -> None:
    assert list(DOWNLOADS) == ["openfda_label", "drugsatfda", "orangebook", "ndc", "purplebook", "nadac"]
    for key, src in DOWNLOADS.items():
        assert src.key == key
        assert src.url.startswith("https://"), key
        assert src.kind in {"openfda-manifest", "zip", "csv-monthly", "dkan-csv"}
        assert src.description and src.filename and src.mirror_path
        assert registry.get(key).provenance.licence
        assert src.env_var.startswith("RXANSWERS_")
    assert DOWNLOADS["openfda_label"].url == "https://api.fda.gov/download.json"
    assert DOWNLOADS["openfda_label"].env_var == "RXANSWERS_OPENFDA_MANIFEST_URL"
    assert DOWNLOADS["ndc"].url == "https://www.accessdata.fda.gov/cder/ndctext.zip"
    assert DOWNLOADS["drugsatfda"].url == "https://www.fda.gov/media/89850/download"
    assert DOWNLOADS["orangebook"].url == "https://www.fda.gov/media/76860/download"


def test_resolve_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "RXANSWERS_OPENFDA_MANIFEST_URL",
        dl.BASE_URL_ENV,
        "RXANSWERS_NADAC_URL",
        "RXANSWERS_NADAC_CATALOG_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    assert resolve_url(DOWNLOADS["openfda_label"]) == "https://api.fda.gov/download.json"
    monkeypatch.setenv(dl.BASE_URL_ENV, "http://mirror.example/fda")
    assert resolve_url(DOWNLOADS["ndc"]) == "http://mirror.example/fda/ndctext.zip"
    monkeypatch.setenv("RXANSWERS_OPENFDA_MANIFEST_URL", "http://127.0.0.1:1/download.json")
    assert resolve_url(DOWNLOADS["openfda_label"]) == "http://127.0.0.1:1/download.json"
    assert (
        resolve_url(DOWNLOADS["openfda_label"], base_url="http://other/x/") == "http://other/x/download.json"
    )
    assert resolve_url(DOWNLOADS["openfda_label"], url="http://explicit/d.json", base_url="http://other") == (
        "http://explicit/d.json"
    )
    monkeypatch.setenv("RXANSWERS_NADAC_URL", "http://127.0.0.1:1/nadac.csv")
    assert resolve_url(DOWNLOADS["nadac"]) == "http://127.0.0.1:1/nadac.csv"


def test_purplebook_candidates_walk_back_months() -> None:
    tpl = DOWNLOADS["purplebook"].url
    got = purplebook_candidates(tpl, date(2026, 2, 3), months=3)
    assert got == [
        "https://purplebooksearch.fda.gov/files/2026/purplebook-search-february-data-download.csv",
        "https://purplebooksearch.fda.gov/files/2026/purplebook-search-january-data-download.csv",
        "https://purplebooksearch.fda.gov/files/2025/purplebook-search-december-data-download.csv",
    ]
    assert purplebook_candidates("http://x/plain.csv") == ["http://x/plain.csv"]


# --------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x.zip",
        "data:,hello",
        "/etc/passwd",
        "http:///nohost",
        "http://[::1/x",
    ],
)
def test_only_http_and_https(tmp_path: Path, url: str) -> None:
    with pytest.raises(DownloadError, match="scheme|host|URL"):
        download_file(url, tmp_path / "x.bin", **FAST)
    with pytest.raises(DownloadError):
        fetch_manifest(url, **FAST)
    assert not list(tmp_path.iterdir())


def test_redirect_to_file_url_is_refused(server: Env, tmp_path: Path) -> None:
    server.b.redirects["/evil.zip"] = "file:///etc/passwd"
    with pytest.raises(DownloadError) as exc:
        download_file(server.url("/evil.zip"), tmp_path / "evil.zip", **FAST)
    assert "/evil.zip" in str(exc.value)
    assert not (tmp_path / "evil.zip").exists()


def test_redirect_over_http_is_followed(server: Env, tmp_path: Path) -> None:
    # fda.gov/media/NNN/download answers with a redirect to the real file.
    server.b.redirects["/media/89850/download"] = "/drugsatfda.zip"
    res = download_file(server.url("/media/89850/download"), tmp_path / "drugsatfda.zip", **FAST)
    assert res.path.read_bytes() == DRUGSATFDA
    assert read_sidecar(res.path)["final_url"] == server.url("/drugsatfda.zip")


# --------------------------------------------------------------------------------------------
# The openFDA manifest
# --------------------------------------------------------------------------------------------


def test_fetch_manifest(server: Env) -> None:
    parts = fetch_manifest(server.url("/download.json"), **FAST)
    assert [p.filename for p in parts] == [
        "drug-label-0001-of-0002.json.zip",
        "drug-label-0002-of-0002.json.zip",
    ]
    assert [p.records for p in parts] == [30, 25]
    assert [p.display_name for p in parts] == ["1 of 2", "2 of 2"]
    assert all(p.export_date == "2024-11-19" for p in parts)
    assert all(p.size_mb is not None and p.size_mb >= 0 for p in parts)
    assert all(p.url.startswith(server.base) for p in parts)


def test_fetch_manifest_uses_env_var(server: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RXANSWERS_OPENFDA_MANIFEST_URL", server.url("/download.json"))
    assert len(fetch_manifest(resolve_url(DOWNLOADS["openfda_label"]), **FAST)) == 2


def test_fetch_manifest_malformed_json(server: Env) -> None:
    server.b.put("/bad.json", b'{"results": {"drug": ')
    with pytest.raises(ManifestError, match="malformed JSON") as exc:
        fetch_manifest(server.url("/bad.json"), **FAST)
    assert exc.value.url == server.url("/bad.json")


@pytest.mark.parametrize(
    ("doc", "match"),
    [
        ([], "no 'results'"),
        ({"results": {"device": {}}}, "results.drug"),
        ({"results": {"drug": {"label": {"partitions": []}}}}, "missing or empty"),
        (
            {"results": {"drug": {"label": {"partitions": [{"size_mb": "1"}]}}}},
            r"partitions\[0\] has no 'file'",
        ),
        ({"results": {"drug": {"label": {"partitions": ["x"]}}}}, "not an object"),
        (
            {"results": {"drug": {"label": {"partitions": [{"file": "file:///etc/passwd"}]}}}},
            "refusing scheme",
        ),
        (
            {
                "results": {
                    "drug": {
                        "label": {"partitions": [{"file": "http://h/a.zip"}, {"file": "http://h/a.zip"}]}
                    }
                }
            },
            "listed twice",
        ),
    ],
)
def test_parse_manifest_structure_errors(doc: object, match: str) -> None:
    with pytest.raises(ManifestError, match=match):
        parse_manifest(doc, "https://api.fda.gov/download.json")


def test_parse_manifest_relative_files_and_numeric_strings() -> None:
    doc = {
        "results": {
            "drug": {
                "label": {
                    "export_date": "2025-01-02",
                    "partitions": [
                        {"file": "drug/label/a.json.zip", "size_mb": "118.73", "records": "20000"}
                    ],
                }
            }
        }
    }
    (p,) = parse_manifest(doc, "http://mirror.local/fda/download.json")
    assert p.url == "http://mirror.local/fda/drug/label/a.json.zip"
    assert p.size_mb == pytest.approx(118.73)
    assert p.records == 20000


# --------------------------------------------------------------------------------------------
# Whole datasets
# --------------------------------------------------------------------------------------------


def test_download_openfda_label_all_partitions(server: Env, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    paths = download_dataset(
        DOWNLOADS["openfda_label"],
        tmp_path,
        base_url=server.base,
        progress=lambda name, done, total: seen.append((name, done, total)),
        **FAST,
    )
    assert [p.name for p in paths] == ["drug-label-0001-of-0002.json.zip", "drug-label-0002-of-0002.json.zip"]
    for p in paths:
        assert p.parent == tmp_path / "openfda_label"
        assert p.read_bytes() == server.b.files[f"/download/drug/label/{p.name}"].body
        with zipfile.ZipFile(p) as zf:
            doc = orjson.loads(zf.read(zf.namelist()[0]))
        assert doc["results"][0]["openfda"]["generic_name"] == ["IMATINIB MESYLATE"]
        side = read_sidecar(p)
        assert side["size"] == p.stat().st_size
        assert side["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
        assert side["etag"] == server.b.files[f"/download/drug/label/{p.name}"].etag
        assert side["last_modified"] and side["downloaded_at"]
        assert side["source"]["export_date"] == "2024-11-19"
    # progress: reported per file, ending at done == total
    for p in paths:
        last = [s for s in seen if s[0] == p.name][-1]
        assert last[1] == last[2] == p.stat().st_size
    assert _leftovers(tmp_path) == []
    assert all(r["user_agent"].startswith("rxanswers-download/") for r in server.b.log)


@pytest.mark.parametrize(
    ("key", "path", "body"),
    [
        ("drugsatfda", "/drugsatfda.zip", DRUGSATFDA),
        ("orangebook", "/EOBZIP.zip", ORANGEBOOK),
        ("ndc", "/ndctext.zip", NDC),
        ("purplebook", "/purplebook.csv", PURPLEBOOK),
        ("nadac", "/nadac.csv", NADAC),
    ],
)
def test_download_single_file_datasets_from_mirror(
    server: Env, tmp_path: Path, key: str, path: str, body: bytes
) -> None:
    (got,) = download_dataset(DOWNLOADS[key], tmp_path, base_url=server.base + "/", **FAST)
    assert got == tmp_path / key / DOWNLOADS[key].filename
    assert got.read_bytes() == body
    assert sidecar_path(got).is_file()


def test_download_dataset_from_env_mirror(
    server: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(dl.BASE_URL_ENV, server.base)
    (got,) = download_dataset(DOWNLOADS["ndc"], tmp_path, **FAST)
    assert got.read_bytes() == NDC
    with zipfile.ZipFile(got) as zf:
        assert b"Gleevec" in zf.read("product.txt")


def test_purplebook_falls_back_to_previous_month(
    server: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.b.put("/files/2026/purplebook-search-january-data-download.csv", PURPLEBOOK)
    monkeypatch.setenv(
        "RXANSWERS_PURPLEBOOK_URL", server.url("/files/{year}/purplebook-search-{month}-data-download.csv")
    )
    (got,) = download_dataset(DOWNLOADS["purplebook"], tmp_path, today=date(2026, 2, 10), **FAST)
    assert got.read_bytes() == PURPLEBOOK
    statuses = [(r["path"].split("-")[2], r["status"]) for r in server.b.log]
    assert statuses == [("february", 404), ("january", 200)]


def test_nadac_found_through_dkan_catalogue(
    server: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = [
        {
            "identifier": "fbb83258-0000",
            "title": "NADAC (National Average Drug Acquisition Cost) 2026",
            "distribution": [{"downloadURL": server.url("/nadac-2026.csv"), "mediaType": "text/csv"}],
        },
        {
            "identifier": "a4y5-0000",
            "title": "NADAC (National Average Drug Acquisition Cost)",
            "distribution": [{"downloadURL": server.url("/nadac.csv"), "mediaType": "text/csv"}],
        },
    ]
    server.b.put("/api/1/metastore/schemas/dataset/items", orjson.dumps(listing))
    monkeypatch.setenv("RXANSWERS_NADAC_CATALOG_URL", server.url("/api/1/metastore/schemas/dataset/items"))
    (got,) = download_dataset(DOWNLOADS["nadac"], tmp_path, **FAST)
    assert got.read_bytes() == NADAC
    assert read_sidecar(got)["url"] == server.url("/nadac.csv")

    server.b.put("/api/1/metastore/schemas/dataset/items", orjson.dumps(listing[:1]))
    with pytest.raises(ManifestError, match="RXANSWERS_NADAC_URL"):
        download_dataset(DOWNLOADS["nadac"], tmp_path / "again", **FAST)


def test_html_error_page_is_not_accepted_as_csv(server: Env, tmp_path: Path) -> None:
    server.b.put("/nadac.csv", b"<!DOCTYPE html><html><body>Access Denied</body></html>")
    with pytest.raises(DownloadError, match="HTML"):
        download_dataset(DOWNLOADS["nadac"], tmp_path, base_url=server.base, **FAST)
    assert not (tmp_path / "nadac" / "nadac.csv").exists()
    assert _leftovers(tmp_path) == []


# --------------------------------------------------------------------------------------------
# Resume
# --------------------------------------------------------------------------------------------


def test_resume_after_cut_within_one_call(server: Env, tmp_path: Path) -> None:
    path = "/download/drug/label/drug-label-0001-of-0002.json.zip"
    body = server.b.files[path].body
    server.b.cut_once[path] = len(body) // 2
    res = download_file(server.url(path), tmp_path / "p1.json.zip", retries=2, **FAST)
    assert res.status == "resumed" and res.attempts == 2
    assert res.path.read_bytes() == body
    log = server.b.requests(path)
    assert [r["status"] for r in log] == [200, 206]
    assert log[1]["range"] == f"bytes={len(body) // 2}-"
    assert log[1]["if_range"] == server.b.files[path].etag
    assert res.sha256 == hashlib.sha256(body).hexdigest()
    assert _leftovers(tmp_path) == []
    assert not sidecar_path(tmp_path / "p1.json.zip.part").exists()


def test_resume_across_runs(server: Env, tmp_path: Path) -> None:
    body = DRUGSATFDA
    cut = len(body) // 3
    server.b.cut_once["/drugsatfda.zip"] = cut
    dest = tmp_path / "drugsatfda.zip"
    with pytest.raises(DownloadError, match="connection closed after") as exc:
        download_file(server.url("/drugsatfda.zip"), dest, retries=0, **FAST)
    assert exc.value.url == server.url("/drugsatfda.zip")
    # The partial body is kept for resuming, never as the final file.
    assert not dest.exists()
    assert (tmp_path / "drugsatfda.zip.part").read_bytes() == body[:cut]

    res = download_file(server.url("/drugsatfda.zip"), dest, retries=0, **FAST)
    assert res.status == "resumed"
    assert dest.read_bytes() == body
    assert server.b.requests("/drugsatfda.zip")[-1]["range"] == f"bytes={cut}-"
    assert server.b.requests("/drugsatfda.zip")[-1]["status"] == 206
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("how", ["server-ignores-range", "file-changed"])
def test_resume_restarts_cleanly_when_server_answers_200(server: Env, tmp_path: Path, how: str) -> None:
    dest = tmp_path / "ndctext.zip"
    part = tmp_path / "ndctext.zip.part"
    part.write_bytes(b"stale bytes of some older version")
    etag = server.b.files["/ndctext.zip"].etag if how == "server-ignores-range" else '"older-version"'
    sidecar_path(part).write_bytes(orjson.dumps({"url": server.url("/ndctext.zip"), "etag": etag}))
    if how == "server-ignores-range":
        server.b.ignore_range.add("/ndctext.zip")
    res = download_file(server.url("/ndctext.zip"), dest, **FAST)
    assert res.status == "downloaded"
    assert dest.read_bytes() == NDC
    (req,) = server.b.requests("/ndctext.zip")
    assert req["range"] == f"bytes={len(b'stale bytes of some older version')}-" and req["status"] == 200
    assert _leftovers(tmp_path) == []


def test_part_without_record_is_discarded(server: Env, tmp_path: Path) -> None:
    (tmp_path / "EOBZIP.zip.part").write_bytes(b"who knows")
    res = download_file(server.url("/EOBZIP.zip"), tmp_path / "EOBZIP.zip", **FAST)
    assert res.path.read_bytes() == ORANGEBOOK
    assert server.b.requests("/EOBZIP.zip")[0]["range"] is None


def test_part_longer_than_file_restarts(server: Env, tmp_path: Path) -> None:
    part = tmp_path / "EOBZIP.zip.part"
    part.write_bytes(b"x" * (len(ORANGEBOOK) + 10))
    sidecar_path(part).write_bytes(orjson.dumps({"url": server.url("/EOBZIP.zip")}))
    res = download_file(server.url("/EOBZIP.zip"), tmp_path / "EOBZIP.zip", **FAST)
    assert res.path.read_bytes() == ORANGEBOOK
    assert [r["status"] for r in server.b.requests("/EOBZIP.zip")] == [416, 200]


# --------------------------------------------------------------------------------------------
# Second run: skip what is complete and unchanged
# --------------------------------------------------------------------------------------------


def test_second_run_skips_unchanged_files(server: Env, tmp_path: Path) -> None:
    first = download_dataset(DOWNLOADS["openfda_label"], tmp_path, base_url=server.base, **FAST)
    mtimes = [p.stat().st_mtime_ns for p in first]
    server.b.log.clear()
    second = download_dataset(DOWNLOADS["openfda_label"], tmp_path, base_url=server.base, **FAST)
    assert second == first
    assert [p.stat().st_mtime_ns for p in second] == mtimes
    partition_reqs = [r for r in server.b.log if r["path"] != "/download.json"]
    assert [r["status"] for r in partition_reqs] == [304, 304]
    for r, p in zip(partition_reqs, first, strict=True):
        assert r["if_none_match"] == read_sidecar(p)["etag"]
        assert r["if_modified_since"] == read_sidecar(p)["last_modified"]


def test_new_openfda_export_prunes_old_partitions(server: Env, tmp_path: Path) -> None:
    first = download_dataset(DOWNLOADS["openfda_label"], tmp_path, base_url=server.base, **FAST)
    out = tmp_path / "openfda_label"
    (out / "drug-label-0009-of-0009.json.zip.part").write_bytes(b"old partial")
    (out / "notes.txt").write_text("not ours to delete")
    doc = orjson.loads(server.b.files["/download.json"].body)
    del doc["results"]["drug"]["label"]["partitions"][1]
    server.b.put("/download.json", orjson.dumps(doc))
    second = download_dataset(DOWNLOADS["openfda_label"], tmp_path, base_url=server.base, **FAST)
    assert second == first[:1]
    assert sorted(p.name for p in out.iterdir()) == [
        "drug-label-0001-of-0002.json.zip",
        "drug-label-0001-of-0002.json.zip.download.json",
        "notes.txt",
    ]


def test_unchanged_result_status(server: Env, tmp_path: Path) -> None:
    dest = tmp_path / "ndctext.zip"
    assert download_file(server.url("/ndctext.zip"), dest, **FAST).status == "downloaded"
    res = download_file(server.url("/ndctext.zip"), dest, **FAST)
    assert res.status == "unchanged"
    assert res.sha256 == hashlib.sha256(NDC).hexdigest()


def test_changed_file_is_downloaded_again(server: Env, tmp_path: Path) -> None:
    dest = tmp_path / "ndctext.zip"
    download_file(server.url("/ndctext.zip"), dest, **FAST)
    new = _zip({"product.txt": b"PRODUCTID\tPRODUCTNDC\r\nnew\t1\r\n", "package.txt": b"x\r\n"})
    server.b.put("/ndctext.zip", new)
    res = download_file(server.url("/ndctext.zip"), dest, **FAST)
    assert res.status == "downloaded"
    assert dest.read_bytes() == new
    assert read_sidecar(dest)["etag"] == server.b.files["/ndctext.zip"].etag
    assert server.b.requests("/ndctext.zip")[-1]["status"] == 200


def test_tampered_local_file_is_downloaded_again(server: Env, tmp_path: Path) -> None:
    dest = tmp_path / "ndctext.zip"
    download_file(server.url("/ndctext.zip"), dest, **FAST)
    dest.write_bytes(NDC[:-5])  # size no longer matches the sidecar: no conditional request
    res = download_file(server.url("/ndctext.zip"), dest, **FAST)
    assert res.status == "downloaded" and dest.read_bytes() == NDC
    assert server.b.requests("/ndctext.zip")[-1]["if_none_match"] is None


# --------------------------------------------------------------------------------------------
# Retries and errors
# --------------------------------------------------------------------------------------------


def test_retry_after_500(server: Env, tmp_path: Path) -> None:
    server.b.fail_once["/ndctext.zip"] = 500
    res = download_file(server.url("/ndctext.zip"), tmp_path / "ndctext.zip", retries=2, **FAST)
    assert res.path.read_bytes() == NDC and res.attempts == 2
    assert [r["status"] for r in server.b.requests("/ndctext.zip")] == [500, 200]


def test_manifest_fetch_retries_after_503(server: Env) -> None:
    server.b.fail_once["/download.json"] = 503
    assert len(fetch_manifest(server.url("/download.json"), retries=1, **FAST)) == 2


def test_persistent_500_gives_up(server: Env, tmp_path: Path) -> None:
    server.b.always_status["/ndctext.zip"] = 502
    with pytest.raises(DownloadError, match=r"HTTP 502.*3 attempts") as exc:
        download_file(server.url("/ndctext.zip"), tmp_path / "ndctext.zip", retries=2, **FAST)
    assert exc.value.status == 502
    assert len(server.b.requests("/ndctext.zip")) == 3
    assert not (tmp_path / "ndctext.zip").exists()


def test_backoff_is_exponential(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", slept.append)
    for attempt in (1, 2, 3, 10):
        fetch._sleep_before_retry(attempt, 2.0, None)
    fetch._sleep_before_retry(1, 2.0, 30.0)  # Retry-After wins when longer
    assert slept == [2.0, 4.0, 8.0, fetch.MAX_BACKOFF, 30.0]


def test_404_is_a_clear_error(server: Env, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="HTTP 404") as exc:
        download_file(server.url("/missing.zip"), tmp_path / "missing.zip", **FAST)
    assert exc.value.status == 404 and exc.value.url == server.url("/missing.zip")
    assert len(server.b.requests("/missing.zip")) == 1  # not retried
    assert list(tmp_path.iterdir()) == []


def test_connection_refused_is_retried_then_reported(tmp_path: Path) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(DownloadError, match="gave up after 2 attempts"):
        download_file(f"http://127.0.0.1:{port}/x.zip", tmp_path / "x.zip", retries=1, **FAST)


def test_timeout_is_bounded(server: Env, tmp_path: Path) -> None:
    server.b.stall["/ndctext.zip"] = 1.0
    t0 = time.monotonic()
    with pytest.raises(DownloadError, match="timed out"):
        download_file(server.url("/ndctext.zip"), tmp_path / "ndctext.zip", retries=0, backoff=0, timeout=0.3)
    assert time.monotonic() - t0 < 1.0


@pytest.mark.parametrize(
    "body", [_corrupt(DRUGSATFDA), b"<html>Access Denied</html>", b"PK\x03\x04" + b"\0" * 40]
)
def test_corrupt_zip_is_rejected(server: Env, tmp_path: Path, body: bytes) -> None:
    server.b.put("/drugsatfda.zip", body)
    with pytest.raises(DownloadError, match="zip") as exc:
        download_dataset(DOWNLOADS["drugsatfda"], tmp_path, base_url=server.base, **FAST)
    assert exc.value.url == server.url("/drugsatfda.zip")
    assert list((tmp_path / "drugsatfda").iterdir()) == []  # no final file, no .part


def test_bad_checksum(server: Env, tmp_path: Path) -> None:
    dest = tmp_path / "ndctext.zip"
    with pytest.raises(DownloadError, match="sha256 mismatch"):
        download_file(server.url("/ndctext.zip"), dest, expected_sha256="0" * 64, **FAST)
    assert list(tmp_path.iterdir()) == []
    good = hashlib.sha256(NDC).hexdigest().upper()
    assert (
        download_file(server.url("/ndctext.zip"), dest, expected_sha256=good, **FAST).path.read_bytes() == NDC
    )


def test_expected_size_mismatch(server: Env, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="size mismatch"):
        download_file(server.url("/ndctext.zip"), tmp_path / "n.zip", expected_size=len(NDC) + 1, **FAST)
    assert list(tmp_path.iterdir()) == []


def test_server_claims_wrong_length(server: Env, tmp_path: Path) -> None:
    # Content-Length says more than is sent: a truncated body, retried, never accepted.
    server.b.lie_length["/ndctext.zip"] = len(NDC) + 100
    with pytest.raises(DownloadError, match=r"connection closed after \d+ of \d+ bytes"):
        download_file(server.url("/ndctext.zip"), tmp_path / "ndctext.zip", retries=0, **FAST)
    # A retry resumes, the server refuses the range (the file is shorter than it claimed), the client
    # restarts, is cut short again, and so on: it gives up without ever accepting the file.
    with pytest.raises(DownloadError, match=r"gave up after 3 attempts.*connection closed after"):
        download_file(server.url("/ndctext.zip"), tmp_path / "ndctext.zip", retries=2, **FAST)
    assert [r["status"] for r in server.b.requests("/ndctext.zip")] == [200, 416, 200, 416]
    assert not (tmp_path / "ndctext.zip").exists()


def test_manifest_size_mb_is_a_sanity_bound(server: Env, tmp_path: Path) -> None:
    doc = orjson.loads(server.b.files["/download.json"].body)
    doc["results"]["drug"]["label"]["partitions"][0]["size_mb"] = "150.00"  # real partitions are ~100+ MB
    server.b.put("/download.json", orjson.dumps(doc))
    with pytest.raises(DownloadError, match="implausible"):
        download_dataset(DOWNLOADS["openfda_label"], tmp_path, base_url=server.base, **FAST)
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "openfda_label" / "drug-label-0001-of-0002.json.zip").exists()


def test_whole_file_time_budget(server: Env, tmp_path: Path) -> None:
    server.b.stall["/ndctext.zip"] = 0.4
    dest = tmp_path / "ndctext.zip"
    t0 = time.monotonic()
    with pytest.raises(DownloadError, match="not finished within 0.2 s"):
        download_file(server.url("/ndctext.zip"), dest, max_seconds=0.2, **FAST)
    assert time.monotonic() - t0 < 1.5
    assert not dest.exists()
    del server.b.stall["/ndctext.zip"]
    assert download_file(server.url("/ndctext.zip"), dest, **FAST).path.read_bytes() == NDC


def test_max_bytes_guard(server: Env, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="over the limit"):
        download_file(server.url("/ndctext.zip"), tmp_path / "ndctext.zip", max_bytes=100, **FAST)
    assert list(tmp_path.iterdir()) == []
    assert server.b.requests("/ndctext.zip")[0]["status"] == 200


def test_failed_update_keeps_previous_good_file(server: Env, tmp_path: Path) -> None:
    dest = tmp_path / "drugsatfda.zip"
    download_file(server.url("/drugsatfda.zip"), dest, **FAST)
    server.b.put("/drugsatfda.zip", _corrupt(DRUGSATFDA))
    with pytest.raises(DownloadError, match="zip"):
        download_file(server.url("/drugsatfda.zip"), dest, **FAST)
    assert dest.read_bytes() == DRUGSATFDA
    assert read_sidecar(dest)["sha256"] == hashlib.sha256(DRUGSATFDA).hexdigest()
    assert _leftovers(tmp_path) == []
