"""Machine-wide bkkdesk.toml: precedence, user overrides, refusal of bad files."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from bkkdesk.cli.main import main
from bkkdesk.core import machine_config as mc
from bkkdesk.core import paths


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "Program Files" / "bkkdesk" / "bkkdesk.toml"
    monkeypatch.setenv("BKKDESK_MACHINE_CONFIG", str(path))
    return path


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "LocalAppData" / "bkkdesk.toml"
    monkeypatch.setenv("BKKDESK_USER_CONFIG", str(path))
    return path


def test_no_files_means_defaults() -> None:
    config = mc.load()
    assert config.machine_file is None and config.user_file is None
    assert all(config.get(k) is None for k in mc.KEYS)  # type: ignore[arg-type]
    assert config.allowed_overrides == {"language"}
    assert mc.configured_data_dir() is None


def test_machine_values_and_allowed_user_override(machine: Path, user: Path) -> None:
    write(machine, """
server_url = "https://bkkdesk.bangkok.go.th/"
district = "1004"
proxy = "http://it:secret@proxy.bma.go.th:8080"
language = "th"
data_dir = "data"

[allow_user_override]
language = true
proxy = false
""")
    write(user, 'language = "en"\nproxy = "none"\nserver_url = "https://evil.example"\n')
    config = mc.load()
    assert config.get("server_url") == "https://bkkdesk.bangkok.go.th"
    assert config.get("district") == "1004"
    assert config.get("language") == "en"  # allowed: the user's value
    assert config.get("proxy") == "http://it:secret@proxy.bma.go.th:8080"  # not allowed
    assert set(config.ignored_user_keys) == {"proxy", "server_url"}
    assert config.sources["language"].startswith("user:")
    assert config.sources["district"].startswith("machine:")
    assert config.get("data_dir") == machine.parent / "data"  # relative to the file
    shown = config.describe()
    assert "secret" not in str(shown)  # a proxy password is never shown


def test_data_dir_precedence(machine: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    configured = tmp_path / "configured"
    write(machine, f'data_dir = "{configured.as_posix()}"\n')
    monkeypatch.setenv("BKKDESK_DATA_DIR", str(tmp_path / "from-env"))
    assert paths.data_dir(tmp_path / "from-flag") == tmp_path / "from-flag"
    assert paths.data_dir() == tmp_path / "from-env"
    monkeypatch.delenv("BKKDESK_DATA_DIR")
    assert paths.data_dir() == configured
    assert configured.is_dir()
    machine.unlink()
    monkeypatch.setattr(platformdirs, "user_data_dir",
                        lambda *a, **k: str(tmp_path / "platform-default"))
    assert paths.data_dir() == tmp_path / "platform-default"


def test_user_may_not_move_the_data_dir_unless_allowed(machine: Path, user: Path,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BKKDESK_DATA_DIR")
    write(machine, f'data_dir = "{(tmp_path / "it").as_posix()}"\n')
    write(user, f'data_dir = "{(tmp_path / "mine").as_posix()}"\n')
    assert paths.data_dir() == tmp_path / "it"
    write(machine, f'data_dir = "{(tmp_path / "it").as_posix()}"\n'
                   "[allow_user_override]\ndata_dir = true\n")
    assert paths.data_dir() == tmp_path / "mine"


def test_user_file_cannot_widen_its_own_rights(machine: Path, user: Path) -> None:
    write(machine, 'district = "1004"\n')
    write(user, 'district = "1010"\n[allow_user_override]\ndistrict = true\n')
    config = mc.load()
    assert config.get("district") == "1004"
    assert config.ignored_user_keys == ("district",)


def test_a_bom_from_notepad_is_accepted(machine: Path) -> None:
    write(machine, 'district = "1004"\n', encoding="utf-8-sig")
    assert mc.load().get("district") == "1004"


@pytest.mark.parametrize(
    ("text", "key", "th_words"),
    [
        ('district = "9999"\n', "district", "ไม่มีเขตรหัส 9999"),
        ("district = 1004x\n", None, "TOML"),
        ('server_url = "ftp://x"\n', "server_url", "https://"),
        ('server_url = "not a url"\n', "server_url", "https://"),
        ('proxy = "proxy:8080"\n', "proxy", "พร็อกซี"),
        ('language = "fr"\n', "language", "ภาษา"),
        ('ca_bundle = "missing.pem"\n', "ca_bundle", "ไม่พบไฟล์"),
        ('serverurl = "https://x"\n', "serverurl", "ไม่รู้จักคีย์"),
        ("[allow_user_override]\nsecret = true\n", "allow_user_override", "ไม่รู้จักคีย์"),
        ("data_dir = 5\n", "data_dir", "ตำแหน่งไฟล์"),
    ],
)
def test_bad_files_are_refused_naming_file_and_key(machine: Path, text: str, key: str | None,
                                                   th_words: str) -> None:
    write(machine, text)
    with pytest.raises(mc.ConfigError) as info:
        mc.load()
    err = info.value
    assert str(machine) in err.th and str(machine) in err.en
    if key is not None:
        assert f"'{key}" in err.th and f"'{key}" in err.en
    assert th_words in err.th
    assert err.en.isascii() or str(machine) in err.en


def test_a_file_not_in_utf8_is_refused(machine: Path) -> None:
    machine.parent.mkdir(parents=True)
    machine.write_bytes('language = "ไทย"\n'.encode("cp874"))
    with pytest.raises(mc.ConfigError, match="UTF-8"):
        mc.load()


def test_bad_user_file_is_refused_too(user: Path) -> None:
    write(user, 'language = "de"\n')
    with pytest.raises(mc.ConfigError) as info:
        mc.load()
    assert str(user) in info.value.th


def test_config_command_reports_and_refuses(machine: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    write(machine, 'district = "1004"\nlanguage = "en"\n')
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "1004" in out and str(machine) in out
    write(machine, 'district = "0001"\n')
    assert main(["config"]) == 1
    err = capsys.readouterr().err
    assert "ข้อผิดพลาด" in err and "district" in err and str(machine) in err


def test_example_file_in_docs_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "bkkdesk.example.toml"
    config = mc.load(example, example.with_name("no-user.toml"))
    assert config.get("district") == "1004"
    assert config.allowed_overrides == {"language"}
