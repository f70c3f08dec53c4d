"""Strings shaped like a token that must stay quiet at the default confidence."""
from __future__ import annotations

import base64
import json

import pytest

from scanner.filters.randomness import is_hex, is_repetitive, is_sequential, shannon_entropy
from scanner.filters.shape import is_standalone
from scanner.filters.verdict import _host_hint
from scanner.models import Confidence
from tests.conftest import scan_folder
from tests.tokens import ALNUM, alnum, hex_token, jwt_with_token_sized_payload, mcp, random_bytes, sha512_hex


def _quiet(tmp_path, name, text):
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return scan_folder(tmp_path).findings


def _ed25519_signature_hex(seed):
    return random_bytes(seed, 64).hex()


TRAPS = {
    "sha512sum output": (
        "dist/SHA512SUMS.txt.out",
        f"{sha512_hex('a')}  viafoundry-cli-linux-amd64.tar.gz\n{sha512_hex('b')} *viafoundry-cli.zip\n",
    ),
    "SHA512SUMS file": ("release/SHA512SUMS", f"{sha512_hex('c')}  viafoundry.tar.gz\n"),
    ".sha512 file": ("viafoundry-sdk-1.0.tar.gz.sha512", sha512_hex("d") + "\n"),
    "test vector in python": (
        "tests/test_hash.py",
        f'VECTORS = [\n    ("abc", "{sha512_hex("abc")}"),\n    ("", "{sha512_hex("")}"),\n]\n',
    ),
    "test vector in viafoundry package": (
        "viafoundry/tests/test_vectors.py",
        f'EXPECTED = "{sha512_hex("viafoundry")}"\n',
    ),
    "upper-case digest": ("checks.txt", f"SHA-512: {sha512_hex('e').upper()}\n"),
    "ed25519 signature hex": (
        "release.json",
        json.dumps({"file": "viafoundry.tar.gz", "signature": _ed25519_signature_hex(1)}, indent=2) + "\n",
    ),
    "ed25519 signature beside viafoundry": (
        "viafoundry-release.txt",
        f"viafoundry 2.1.0\nsig: {_ed25519_signature_hex(2)}\n",
    ),
    "bare hex line": ("data.txt", hex_token(3) + "\n"),
    "npm integrity": (
        "package-lock.json",
        f'{{"integrity": "sha512-{base64.b64encode(random_bytes(4, 64)).decode()}"}}\n',
    ),
    "yarn berry checksum": ("yarn.lock", f"  checksum: 10c0/{sha512_hex('left-pad')}\n"),
    "data uri": (
        "page.html",
        f'<img src="data:image/png;base64,{base64.b64encode(random_bytes(5, 900)).decode()}">\n',
    ),
    "wrapped base64 76": (
        "mail.eml",
        "\n".join(
            base64.encodebytes(random_bytes(6, 3000)).decode().splitlines()
        ) + "\n",
    ),
    "base64 wrapped at 128": (
        "blob.txt",
        "\n".join(
            (lambda b: [b[i : i + 128] for i in range(0, len(b), 128)])(
                base64.b64encode(random_bytes(7, 3000)).decode()
            )
        ) + "\n",
    ),
    "pem block": (
        "key.pem",
        "-----BEGIN PRIVATE KEY-----\n"
        + base64.encodebytes(random_bytes(8, 1200)).decode().replace("\n", "")[:1536]
        + "\n-----END PRIVATE KEY-----\n",
    ),
    "placeholder env": ("env.example", "VIAFOUNDRY_TOKEN=${VIAFOUNDRY_TOKEN}\nVIAFOUNDRY_TOKEN=your-token-here\n"),
    "placeholder mcp": (".cursor/mcp.json", '{"env": {"VIAFOUNDRY_MCP_TOKEN": "via_mcp_<YOUR_TOKEN>"}}\n'),
    "masked mcp": ("README.md", "Paste it as `via_mcp_" + "x" * 128 + "`.\n"),
    "masked mcp with stars": ("docs.md", "token: via_mcp_" + "*" * 128 + "\n"),
    "run of 129": (".env", f"VIAFOUNDRY_TOKEN={alnum(9, 129)}\n"),
    "run of 300": ("notes.txt", f"VIAFOUNDRY_TOKEN={alnum(10, 300)}\n"),
    "mcp body of 129": (".env", f"VIAFOUNDRY_MCP_TOKEN={mcp(11, alnum(11, 129))}\n"),
    "mcp body of 127": (".env", f"VIAFOUNDRY_MCP_TOKEN={mcp(12, alnum(12, 127))}\n"),
    "repeated character": (".env", "VIAFOUNDRY_TOKEN=" + "A" * 128 + "\n"),
    "repeated fragment": (".env", "VIAFOUNDRY_TOKEN=" + ("aZ09xQ" * 30)[:128] + "\n"),
    "sequential": (".env", "VIAFOUNDRY_TOKEN=" + (ALNUM * 3)[:128] + "\n"),
    "window of longer run": (".env", f"VIAFOUNDRY_TOKEN={alnum(13, 64)}_{alnum(14, 128)}-{alnum(15, 10)}\n"),
    "token in url path": ("links.md", f"see https://cdn.example.invalid/files/{alnum(16)}/index.html\n"),
    "escape before 127 chars": ("nb.ipynb", '{"source": ["x = 1\\n' + alnum(17, 127) + '"]}\n'),
    "long identifier": (
        "gen.py",
        "def " + "_".join(["compute", "the", "average", "of", "all", "rows", "in", "table"] * 3) + "(): pass\n",
    ),
    "camel case run": ("gen.java", "class " + "VeryLongGeneratedTypeNameForTesting" * 4 + "Xyz {}\n"),
    "jwt payload of 128": ("request.http", f"Authorization: Bearer {jwt_with_token_sized_payload(30)}\n"),
    "jwt in json": ("session.json", f'{{"id_token": "{jwt_with_token_sized_payload(31)}"}}\n'),
    "minified bundle": (
        "dist/app.min.js",
        "!function(e){var t={};" + ";".join(f"t.{name}=function(n){{return n*{i}}}" for i, name in
                                          enumerate(["alpha", "beta", "gamma"] * 400))
        + f';var font="url(data:font/woff2;base64,{base64.b64encode(random_bytes(34, 5000)).decode()})"}}();\n'
        + "//# sourceMappingURL=data:application/json;base64,"
        + base64.b64encode(json.dumps({"version": 3, "mappings": "AAAA,SAASA;" * 300}).encode()).decode() + "\n",
    ),
    "allow marker": (".env", f"VIAFOUNDRY_TOKEN={alnum(18)}  # viafoundry-scan: allow\n"),
}


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_trap_stays_quiet(tmp_path, trap):
    name, text = TRAPS[trap]
    assert _quiet(tmp_path, name, text) == []


def test_viafoundry_folder_is_not_context(tmp_path):
    """A digest in the SDK's own package folder stays low: only the file name is context."""
    name, text = TRAPS["test vector in viafoundry package"]
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_text(text)
    report = scan_folder(tmp_path, min_confidence=Confidence.LOW)
    assert [f.confidence.label for f in report.findings] == ["low"]


def test_viaenv_file_name_is_context(tmp_path):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".viaenv").write_text(f'{{"token": "{hex_token(19)}"}}\n')
    report = scan_folder(tmp_path)
    assert [f.confidence.label for f in report.findings] == ["high"]


def test_token_as_url_user_found(tmp_path):
    token = alnum(20)
    (tmp_path / "clone.sh").write_text(f"git clone https://{token}@git.example.invalid/team/x.git\n")
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [(1, 19)]


def test_host_hint_skips_url_user_info():
    token = alnum(21).encode()
    assert _host_hint(b"url = https://" + token + b"@demo.viafoundry.com/x") == "demo.viafoundry.com"


def test_host_hint_skips_user_and_password():
    assert _host_hint(b"https://user:secret@git.example.invalid:8443/x") == "git.example.invalid:8443"


def test_host_hint_prefers_viafoundry():
    window = b"https://pypi.org/simple https://demo.viafoundry.com/api"
    assert _host_hint(window) == "demo.viafoundry.com"


def test_entropy_of_random_alnum_is_high():
    assert shannon_entropy(alnum(22)) > 5.0


def test_entropy_of_random_hex_is_above_floor():
    assert shannon_entropy(hex_token(23)) > 3.4


def test_entropy_of_empty_is_zero():
    assert shannon_entropy("") == 0.0


def test_is_hex_accepts_upper_case():
    assert is_hex(sha512_hex("x").upper())


def test_is_hex_rejects_mixed_case():
    assert not is_hex("aB" * 64)


def test_is_repetitive_detects_fragment():
    assert is_repetitive(("abcdefgh" * 20)[:128])


def test_is_repetitive_passes_random():
    assert not is_repetitive(alnum(24))


def test_is_sequential_detects_alphabet():
    assert is_sequential((ALNUM * 3)[:128])


def test_is_sequential_passes_random():
    assert not is_sequential(alnum(25))


@pytest.mark.parametrize("before", [b" ", b"=", b'"', b"\\n", b"\\t", b"://"])
def test_is_standalone_accepts_boundary(before):
    buffer = b"x" + before + b"T" * 8 + b"\n"
    start = 1 + len(before)
    assert is_standalone(buffer, start, start + 8)


@pytest.mark.parametrize("before,after", [(b"+", b" "), (b"/", b" "), (b" ", b"="), (b" ", b"+"), (b"-", b" ")])
def test_is_standalone_rejects_base64_neighbour(before, after):
    buffer = b"x" + before + b"T" * 8 + after
    assert not is_standalone(buffer, 2, 10)


def test_jwt_payload_has_token_shape():
    payload = jwt_with_token_sized_payload(30).split(".")[1]
    assert len(payload) == 128
    assert payload.isalnum()


def test_token_after_jwt_still_found(tmp_path):
    token = alnum(32)
    text = f"id_token={jwt_with_token_sized_payload(33)}\nVIAFOUNDRY_TOKEN={token}\n"
    (tmp_path / ".env").write_text(text)
    assert [f.secret for f in scan_folder(tmp_path).findings] == [token]
