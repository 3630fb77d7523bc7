"""The source registry: the shipped one is valid; a wrong one is refused before anything runs."""

import pytest

from etl import runner
from etl.__main__ import COMMANDS, main, parser


def test_etl401_shipped_registry_is_valid_and_names_its_kinds():
    sources = runner.registry()
    assert [s["name"] for s in sources] == ["publikasi", "contoh", "aplikasi"]
    assert all(s["kind"] in runner.CONNECTORS for s in sources)
    assert not any(key.lower().endswith(("key", "token", "password")) for s in sources for key in s.get("options", {}))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('name = "a"\nkind = "ftp"\ntitle = "t"\nproducer_agency = "p"\nlocation = "x"', "unknown kind"),
        ('name = "a"\nkind = "template"\ntitle = "t"\nlocation = "x"', "missing producer_agency"),
        ('name = "A b"\nkind = "template"\ntitle = "t"\nproducer_agency = "p"\nlocation = "x"', "lower case"),
        (
            'name = "a"\nkind = "template"\ntitle = "t"\nproducer_agency = "p"\nlocation = "x"\nschedule = "kadang"',
            "kadang",
        ),
        ('name = "a"\nkind = "template"\ntitle = "t"\nproducer_agency = "p"', "location is empty"),
    ],
)
def test_etl402_a_wrong_registry_is_a_usage_error(tmp_path, capsys, entry, message):
    path = tmp_path / "sources.toml"
    path.write_text(f"[[source]]\n{entry}\n")
    with pytest.raises(runner.RegistryError, match=message):
        runner.registry(path)
    assert main(["--registry", str(path), "run"]) == 2
    assert message in capsys.readouterr().out


def test_etl403_duplicate_names_and_broken_toml(tmp_path):
    entry = '[[source]]\nname = "a"\nkind = "template"\ntitle = "t"\nproducer_agency = "p"\nlocation = "x"\n'
    path = tmp_path / "sources.toml"
    path.write_text(entry + entry)
    with pytest.raises(runner.RegistryError, match="name used twice"):
        runner.registry(path)
    path.write_text("[[source]\nname=")
    with pytest.raises(runner.RegistryError, match="invalid TOML"):
        runner.registry(path)
    with pytest.raises(runner.RegistryError, match="not found"):
        runner.registry(tmp_path / "absent.toml")


def test_etl404_cli_commands_as_designed():
    assert {"run", "ingest", "status", "rejects", "bootstrap"} <= set(COMMANDS)
    args = parser().parse_args(["run", "--source", "publikasi"])
    assert (args.command, args.source) == ("run", "publikasi")
    assert parser().parse_args(["rejects", "--run", "7"]).run == 7
    assert main(["rejects", "--run", "tujuh"]) == 2
    assert main([]) == 2
