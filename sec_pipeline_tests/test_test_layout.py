"""The tests mirror the source tree: sec_pipeline_tests/<path>/ holds the tests of sec_pipeline/<path>.

So the tests of sec_pipeline/signals/ are in sec_pipeline_tests/signals/, those of sec_pipeline/defs/quality/ in
sec_pipeline_tests/defs/quality/. A folder may also stand for one large module (sec_pipeline_tests/store/store/
for sec_pipeline/store/store.py). Fixture folders that hold no tests are listed in NOT_MIRRORED.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
SOURCE = TESTS.parent / "sec_pipeline"
NOT_MIRRORED = {"__snapshots__"}  # syrupy's snapshot files, next to the test module that owns them


def folders_under_tests() -> list[Path]:
    """Every folder under sec_pipeline_tests/, relative to it (caches and dot-folders left out)."""
    return sorted(
        path.relative_to(TESTS) for path in TESTS.rglob("*")
        if path.is_dir() and not any(part == "__pycache__" or part.startswith(".")
                                     for part in path.relative_to(TESTS).parts)
    )


def is_fixture_folder(folder: Path) -> bool:
    return any(part in NOT_MIRRORED for part in folder.parts)


def test_every_test_folder_mirrors_a_package_or_module() -> None:
    folders = [folder for folder in folders_under_tests() if not is_fixture_folder(folder)]
    assert folders, f"no test folder found under {TESTS}"
    unmatched = [str(folder) for folder in folders
                 if not (SOURCE / folder).is_dir() and not (SOURCE / folder).with_suffix(".py").is_file()]
    assert not unmatched, (
        f"test folders with no sec_pipeline/ counterpart: {unmatched}; move their tests to the folder of the "
        "package they test, or list a fixture-only folder in NOT_MIRRORED"
    )


def test_fixture_folders_hold_no_tests() -> None:
    tests = [str(path.relative_to(TESTS)) for folder in folders_under_tests() if is_fixture_folder(folder)
             for path in (TESTS / folder).glob("test_*.py")]
    assert not tests, f"tests in a folder left out of the mirror: {tests}; move them to a mirrored folder"


def test_every_test_folder_is_a_package() -> None:
    # test modules share names across folders (test_layering.py, test_automation.py); pytest tells them
    # apart by their package
    missing = [str(folder) for folder in folders_under_tests()
               if not is_fixture_folder(folder) and not (TESTS / folder / "__init__.py").is_file()]
    assert not missing, f"test folders without __init__.py: {missing}; add an empty one"
