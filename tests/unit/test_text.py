"""Interface text (data/text/*.toml): every key the code uses exists in both languages, none is built where no test
can see it, and every key in the files is used.

The product code is read with `ast`: a key is the literal first argument of `t(...)` (either branch of a
conditional counts), a family and a vocabulary value in `t_of(family, value)`, or a `nav=` of `dash.register_page`.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from portal.i18n import TEXT, TEXT_FAMILIES, TextError, load_text, t, t_of
from portal.settings import ROOT

PRODUCT = sorted(
    [
        ROOT / "app.py",
        *[
            p
            for folder in ("pages", "components", "portal", "web", "etl", "jobs")
            for p in (ROOT / folder).rglob("*.py")
        ],
    ]
)
# Where a key arrives as a value, and where that value is checked: (file, the argument as written) -> its source.
PASSED = {("components/layout.py", "page['nav']"): "register_page(nav=...)"}


@dataclass(frozen=True)
class Use:
    key: str
    where: str


@dataclass
class Found:
    keys: list[Use]
    families: list[Use]
    problems: list[str]


def _names(tree: ast.Module) -> dict[str, str]:
    """The local names of portal.i18n's t and t_of in a module (respecting `as`)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "portal.i18n":
            for alias in node.names:
                if alias.name in ("t", "t_of"):
                    names[alias.asname or alias.name] = alias.name
    return names


def _keys(node: ast.expr, where: str, arg: str, found: Found) -> None:
    """The keys a first argument of t() can be; anything built at run time is a problem."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        found.keys.append(Use(node.value, where))
    elif isinstance(node, ast.IfExp):
        _keys(node.body, where, arg, found)
        _keys(node.orelse, where, arg, found)
    elif isinstance(node, ast.Name | ast.Attribute | ast.Subscript) and (where.split(":")[0], arg) in PASSED:
        pass  # checked where it comes from
    else:
        found.problems.append(
            f"{where}: t({arg}, ...) builds or passes its key; write the key out, or use t_of(family, value) "
            "with a family declared in portal.i18n.TEXT_FAMILIES"
        )


def _scan(paths: list[Path], root: Path = ROOT) -> Found:
    found = Found([], [], [])
    for path in paths:
        tree = ast.parse(path.read_text(), filename=str(path))
        names = _names(tree)
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{rel}:{node.lineno}"
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "register_page":
                for kw in node.keywords:
                    if kw.arg == "nav":
                        _keys(kw.value, where, ast.unparse(kw.value), found)
            if not isinstance(func, ast.Name) or func.id not in names:
                continue
            first = (
                node.args[0]
                if node.args
                else next((k.value for k in node.keywords if k.arg in ("key", "family")), None)
            )
            if first is None:
                found.problems.append(f"{where}: {func.id}() without a key")
            elif names[func.id] == "t":
                _keys(first, where, ast.unparse(first), found)
            elif isinstance(first, ast.Constant) and first.value in TEXT_FAMILIES:
                found.families.append(Use(first.value, where))
            else:
                found.problems.append(
                    f"{where}: t_of({ast.unparse(first)}, ...) names no family declared in TEXT_FAMILIES"
                )
    return found


@pytest.fixture(scope="module")
def found() -> Found:
    return _scan(PRODUCT)


def family_keys() -> set[str]:
    return {f"{family}_{member.value}" for family, vocabulary in TEXT_FAMILIES.items() for member in vocabulary}


def test_txt001_every_key_the_code_uses_has_both_languages(found):
    assert len(found.keys) > 300, "the scan found too few keys: is it still reading the product code?"
    missing = [
        f"{u.where}: {u.key}" for u in found.keys if u.key not in TEXT or not all(s.strip() for s in TEXT[u.key])
    ]
    assert not missing, "keys used in code without id and en text in data/text/*.toml:\n" + "\n".join(missing)


def test_txt002_no_key_is_built_at_run_time_outside_a_declared_family(found):
    assert not found.problems, "\n".join(found.problems)


def test_txt003_every_member_of_every_family_has_its_text():
    missing = sorted(family_keys() - set(TEXT))
    assert not missing, f"vocabulary values without text in data/text/*.toml: {missing}"


def test_txt004_no_text_is_dead(found):
    used = {u.key for u in found.keys} | family_keys()
    dead = sorted(set(TEXT) - used)
    assert not dead, f"keys in data/text/*.toml that no code uses (delete them, or use them): {dead}"


def test_txt005_every_declared_family_is_used(found):
    unused = sorted(set(TEXT_FAMILIES) - {u.key for u in found.families})
    assert not unused, f"families declared in TEXT_FAMILIES that no t_of() call uses: {unused}"


def test_txt006_the_scan_catches_what_it_must(tmp_path):
    """The checks above can fail: a missing key, a built key, an unknown family."""
    module = tmp_path / "pages" / "probe.py"
    module.parent.mkdir()
    module.write_text(
        "from portal.i18n import t, t_of as label\n"
        "t('no_such_key_anywhere', 'id')\n"
        "t(f'sec_{code}', 'id')\n"
        "t('a' + 'b')\n"
        "t(name, 'id')\n"
        "label('no_family', value, 'id')\n"
        "label('sched', value, 'id')\n"
        "t('sta_stale' if stale else 'sta_fresh', 'id')\n"
    )
    probe = _scan([module], tmp_path)
    assert [u.key for u in probe.keys] == ["no_such_key_anywhere", "sta_stale", "sta_fresh"]
    assert "no_such_key_anywhere" not in TEXT
    assert [u.key for u in probe.families] == ["sched"]
    assert len(probe.problems) == 4, probe.problems  # the f-string, the sum, the passed name, the unknown family


def test_txt007_a_vocabulary_value_reads_as_text_and_an_unknown_one_as_it_is():
    assert t_of("sched", "harian", "en") == "daily" == t("sched_harian", "en")
    assert t_of("run", "sebagian", "id") == "dimuat, sebagian ditolak"
    assert t_of("err", 404, "en") == "The address was not found."
    assert t_of("sched", "sebulan-sekali", "en") == "sebulan-sekali"
    assert t_of("ind_status", None, "id") is None
    with pytest.raises(KeyError):
        t_of("no_family", "x")


def _write(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"a.toml": '[k]\nid = "Ya"\nen = "Yes"\n', "b.toml": '[k]\nid = "Ya"\nen = "Yes"\n'},
            "b.toml: [k] is already defined in a.toml",
        ),
        ({"a.toml": '[k]\nid = "Ya"\n'}, "a.toml: [k] has no en text"),
        ({"a.toml": '[k]\nid = " "\nen = "Yes"\n'}, "a.toml: [k] has no id text"),
        ({"a.toml": '[k]\nid = "Sektor {name}"\nen = "The {nama} sector"\n'}, "a.toml: [k] placeholders differ"),
        ({"a.toml": '[k]\nid = "Ya"\nen = "Yes"\nfr = "Oui"\n'}, "a.toml: [k] must hold only"),
        ({"a.toml": '[k]\nid = "Ya {"\nen = "Yes {"\n'}, "a.toml: [k] has a broken {placeholder}"),
        ({"a.toml": 'k = "Ya"\n'}, "a.toml: [k] must hold only"),
        ({"a.toml": "[k\n"}, "a.toml: not valid TOML"),
    ],
    ids=["twice", "no-en", "empty-id", "placeholders", "third-language", "broken-brace", "not-a-table", "bad-toml"],
)
def test_txt008_the_loader_refuses_broken_text_naming_file_and_key(tmp_path, files, message):
    for name, body in files.items():
        _write(tmp_path, name, body)
    with pytest.raises(TextError, match=message.replace("[", r"\[").replace("]", r"\]").replace("{", r"\{")):
        load_text(tmp_path)


def test_txt009_the_loader_reads_multi_line_text_as_one_line(tmp_path):
    _write(tmp_path, "a.toml", '[k]\nid = """\nSatu \\\ndua {n}."""\nen = "One two {n}."\n')
    assert load_text(tmp_path) == {"k": ("Satu dua {n}.", "One two {n}.")}
