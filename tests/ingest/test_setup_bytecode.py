"""rxanswers setup writes the package's bytecode, even where PYTHONDONTWRITEBYTECODE is set."""

import os
import subprocess
import sys

from rxanswers.cli.management.commands.setup import compile_bytecode


def test_setup_writes_bytecode_that_a_process_without_bytecode_writing_then_reads(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text("VALUE = 42\n")
    assert compile_bytecode(package)
    cached = list((package / "__pycache__").glob("mod.*.pyc"))
    assert len(cached) == 1
    # a process that writes no bytecode (python -B) imports from the file: delete the source's text but keep its
    # modification time and size, so the cached file is still valid and the only place VALUE can come from
    source = package / "mod.py"
    stat = source.stat()
    source.write_text("VALUE = 99\n")  # same length: the size check passes
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    out = subprocess.run(
        [sys.executable, "-B", "-c", "import pkg.mod; print(pkg.mod.VALUE)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "42"


def test_a_module_that_does_not_compile_is_reported_not_raised(tmp_path):
    package = tmp_path / "ro"
    package.mkdir()
    (package / "mod.py").write_text("x = (\n")  # a file that does not compile
    assert compile_bytecode(package) is False
