#!/usr/bin/env python3
"""Vendor the front-end assets into static/vendor/ from the npm registry.

Zhaoshang is deployed on government intranets that have no internet access,
so every CSS/JS/font asset must be self-hosted: nothing may be loaded from a
CDN. This script downloads pinned package versions with ``npm pack``, checks
each tarball against a pinned sha512 integrity string (which must also match
what the registry reports), and copies only the listed files into
``static/vendor/<name>-<version>/``, together with the licence files.

It is idempotent: rerunning it with the same pins changes nothing. To upgrade
a package, edit its version and integrity below (see ``npm view
<name>@<version> dist.integrity``) and rerun.

Usage:
    python3 scripts/vendor_assets.py          # fetch, verify, write
    python3 scripts/vendor_assets.py --check  # offline: verify files on disk

Standard library only; needs ``npm`` on PATH (or set $NPM) for fetching.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

REPO_ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
MANIFEST_NAME = "MANIFEST.json"

# Names npm packages commonly use for their licence file, in order of preference.
LICENSE_CANDIDATES = (
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "LICENCE",
    "LICENCE.md",
    "LICENCE.txt",
    "license",
    "license.md",
    "license.txt",
)

# Pinned packages. "files" must all exist in the tarball; "optional" files are
# kept when present; the licence file is found among LICENSE_CANDIDATES.
PACKAGES: list[dict] = [
    {
        "name": "bootstrap",
        "version": "5.3.9",
        "integrity": "sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w==",
        "files": [
            "dist/css/bootstrap.min.css",
            "dist/css/bootstrap.min.css.map",
            "dist/js/bootstrap.bundle.min.js",
            "dist/js/bootstrap.bundle.min.js.map",
        ],
        "optional": [],
    },
    {
        "name": "bootstrap-icons",
        "version": "1.13.2",
        "integrity": "sha512-fAU1Ly3dH7hwRg+CB8EZ0Vl0fF80zgXHeUVJyfUOKzoURr+TbwISbCW5tKUoQLERaWYG2emTCybcPbD96hdD1A==",
        # The CSS references fonts/bootstrap-icons.woff2 relative to itself.
        "files": [
            "font/bootstrap-icons.min.css",
            "font/fonts/bootstrap-icons.woff2",
            "font/fonts/bootstrap-icons.woff",
        ],
        "optional": [],
    },
    {
        "name": "htmx.org",
        "version": "2.0.11",
        "integrity": "sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        "files": [
            "dist/htmx.min.js",
        ],
        "optional": [],
    },
    {
        "name": "echarts",
        "version": "6.1.0",
        "integrity": "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
        "files": [
            "dist/echarts.min.js",
        ],
        # NOTICE is required by Apache-2.0; LICENSE points to licenses/LICENSE-d3
        # for the bundled d3 code, so keep that too.
        "optional": [
            "NOTICE",
            "licenses/LICENSE-d3",
        ],
    },
]

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
VERSION_RE = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$")
NPM_TIMEOUT = 300  # seconds per npm call


class VendorError(Exception):
    """Any failure that should abort the run with a clear message."""


def log(msg: str) -> None:
    print(msg, flush=True)


def safe_relpath(rel: str) -> PurePosixPath:
    """Validate a package-relative path: relative, no '..', no empty parts."""
    p = PurePosixPath(rel)
    if not rel or p.is_absolute() or any(part in ("", ".", "..") for part in rel.split("/")):
        raise VendorError(f"unsafe path {rel!r}")
    return p


def package_dir(pkg: dict) -> Path:
    return VENDOR_DIR / f"{pkg['name']}-{pkg['version']}"


def validate_pins() -> None:
    seen = set()
    for pkg in PACKAGES:
        name, version = pkg["name"], pkg["version"]
        if not NAME_RE.match(name):
            raise VendorError(f"invalid or unsupported package name {name!r}")
        if not VERSION_RE.match(version):
            raise VendorError(f"{name}: version {version!r} is not an exact version")
        if not pkg["integrity"].startswith("sha512-"):
            raise VendorError(f"{name}: integrity must be a sha512- string")
        if name in seen:
            raise VendorError(f"{name}: listed twice")
        seen.add(name)
        for rel in [*pkg["files"], *pkg["optional"]]:
            safe_relpath(rel)


# --------------------------------------------------------------------------- npm


def npm_binary() -> str:
    npm = os.environ.get("NPM") or shutil.which("npm") or "/usr/bin/npm"
    if not Path(npm).exists() and not shutil.which(npm):
        raise VendorError("npm not found (install Node.js/npm or set $NPM)")
    return npm


def run_npm(args: list[str], cwd: Path) -> str:
    env = dict(os.environ)
    env.update(
        npm_config_update_notifier="false",
        npm_config_fund="false",
        npm_config_audit="false",
        npm_config_ignore_scripts="true",
    )
    cmd = [npm_binary(), *args]
    try:
        res = subprocess.run(
            cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=NPM_TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        raise VendorError(f"`{' '.join(cmd)}` timed out after {NPM_TIMEOUT}s") from exc
    except OSError as exc:
        raise VendorError(f"cannot run `{' '.join(cmd)}`: {exc}") from exc
    if res.returncode != 0:
        detail = (res.stderr or res.stdout).strip()
        raise VendorError(f"`{' '.join(cmd)}` failed (exit {res.returncode}):\n{detail}")
    return res.stdout


def registry_integrity(pkg: dict, cwd: Path) -> str:
    spec = f"{pkg['name']}@{pkg['version']}"
    out = run_npm(["view", spec, "dist.integrity", "--json"], cwd).strip()
    if not out:
        raise VendorError(f"{spec}: registry reports no such version / no integrity")
    try:
        value = json.loads(out)
    except json.JSONDecodeError as exc:
        raise VendorError(f"{spec}: unexpected `npm view` output: {out!r}") from exc
    if isinstance(value, list):  # should not happen for an exact version
        raise VendorError(f"{spec}: `npm view` matched several versions: {value!r}")
    return str(value)


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch_tarball(pkg: dict, workdir: Path) -> bytes:
    spec = f"{pkg['name']}@{pkg['version']}"
    pin = pkg["integrity"]

    reg = registry_integrity(pkg, workdir)
    if reg != pin:
        raise VendorError(
            f"{spec}: INTEGRITY MISMATCH between pin and registry\n"
            f"  pinned:   {pin}\n  registry: {reg}"
        )

    pack_dir = workdir / pkg["name"]
    pack_dir.mkdir()
    run_npm(["pack", spec, "--silent"], pack_dir)
    tarballs = list(pack_dir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise VendorError(f"{spec}: expected one tarball from npm pack, got {tarballs}")
    data = tarballs[0].read_bytes()

    actual = sri_sha512(data)
    if actual != pin:
        raise VendorError(
            f"{spec}: INTEGRITY MISMATCH for downloaded tarball\n"
            f"  pinned: {pin}\n  actual: {actual}"
        )
    return data


# ----------------------------------------------------------------------- extract


def read_members(pkg: dict, data: bytes) -> dict[str, bytes]:
    """Return {relative path: content} for the wanted files of one tarball."""
    spec = f"{pkg['name']}@{pkg['version']}"
    found: dict[str, tarfile.TarInfo] = {}
    try:
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")  # noqa: SIM115 - closed by the with below
    except tarfile.TarError as exc:
        raise VendorError(f"{spec}: cannot open tarball: {exc}") from exc
    with tar:
        for member in tar.getmembers():
            name = member.name
            # npm tarballs put everything under "package/"; ignore anything else.
            if not name.startswith("package/"):
                continue
            rel = name[len("package/") :]
            try:
                safe_relpath(rel)
            except VendorError:
                continue  # never use a traversal/absolute member
            if member.isfile():
                found[rel] = member

        wanted = list(pkg["files"])
        missing = [rel for rel in wanted if rel not in found]
        if missing:
            raise VendorError(f"{spec}: files missing from tarball: {missing}")
        wanted += [rel for rel in pkg["optional"] if rel in found]
        license_file = next((c for c in LICENSE_CANDIDATES if c in found), None)
        if license_file is None:
            raise VendorError(f"{spec}: no licence file found (tried {LICENSE_CANDIDATES})")
        pkg["license_file"] = license_file
        wanted.append(license_file)

        contents: dict[str, bytes] = {}
        for rel in sorted(set(wanted)):
            fh = tar.extractfile(found[rel])
            if fh is None:
                raise VendorError(f"{spec}: cannot read {rel}")
            blob = fh.read()
            if not blob:
                raise VendorError(f"{spec}: {rel} is empty")
            contents[rel] = blob
    return contents


# ------------------------------------------------------------------------- write


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return True


def install_package(pkg: dict, contents: dict[str, bytes]) -> int:
    """Write the files, drop unlisted leftovers; return the number of changes."""
    root = package_dir(pkg)
    root_resolved = root.resolve()
    changes = 0
    for rel, blob in contents.items():
        dest = root / rel
        # Belt and braces: the destination must stay inside the package dir.
        if not dest.resolve().is_relative_to(root_resolved):
            raise VendorError(f"{pkg['name']}: refusing to write outside {root}: {rel}")
        if write_if_changed(dest, blob):
            log(f"  wrote   {dest.relative_to(REPO_ROOT)}")
            changes += 1
    # Remove files that are no longer in the keep list.
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() or path.is_symlink():
            if rel not in contents:
                path.unlink()
                log(f"  removed {path.relative_to(REPO_ROOT)}")
                changes += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changes


def remove_stale_versions(pkg: dict) -> int:
    changes = 0
    prefix = f"{pkg['name']}-"
    keep = package_dir(pkg).name
    for entry in sorted(VENDOR_DIR.iterdir()):
        if not entry.name.startswith(prefix) or entry.name == keep:
            continue
        # "bootstrap-icons-1.13.2" must not count as a stale "bootstrap-*".
        if not VERSION_RE.match(entry.name[len(prefix) :]):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        log(f"  removed stale {entry.relative_to(REPO_ROOT)}")
        changes += 1
    return changes


def build_manifest(results: list[tuple[dict, dict[str, bytes]]]) -> bytes:
    packages = []
    for pkg, contents in results:
        packages.append(
            {
                "name": pkg["name"],
                "version": pkg["version"],
                "integrity": pkg["integrity"],
                "license_file": pkg["license_file"],
                "directory": package_dir(pkg).name,
                "files": [
                    {
                        "path": rel,
                        "size": len(blob),
                        "sha256": hashlib.sha256(blob).hexdigest(),
                    }
                    for rel, blob in sorted(contents.items())
                ],
            }
        )
    manifest = {
        "generated_by": "scripts/vendor_assets.py",
        "note": "Self-hosted front-end assets; do not edit by hand, rerun the script.",
        "packages": packages,
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# ------------------------------------------------------------------------- modes


def vendor() -> None:
    results: list[tuple[dict, dict[str, bytes]]] = []
    # Fetch and verify everything first, so a failure leaves static/vendor untouched.
    with tempfile.TemporaryDirectory(prefix="vendor-assets-") as tmp:
        for pkg in PACKAGES:
            spec = f"{pkg['name']}@{pkg['version']}"
            log(f"fetching {spec}")
            data = fetch_tarball(pkg, Path(tmp))
            results.append((pkg, read_members(pkg, data)))
            log(f"  integrity ok, {len(results[-1][1])} files selected")

    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    changes = 0
    for pkg, contents in results:
        changes += remove_stale_versions(pkg)
        changes += install_package(pkg, contents)
    if write_if_changed(VENDOR_DIR / MANIFEST_NAME, build_manifest(results)):
        log(f"  wrote   {(VENDOR_DIR / MANIFEST_NAME).relative_to(REPO_ROOT)}")
        changes += 1

    known = {package_dir(p).name for p in PACKAGES} | {MANIFEST_NAME, "README.md"}
    for entry in sorted(VENDOR_DIR.iterdir()):
        if entry.name not in known:
            log(f"warning: {entry.relative_to(REPO_ROOT)} is not managed by this script")

    log(f"done: {changes} change(s)" if changes else "done: already up to date")


def check() -> None:
    """Offline: verify static/vendor matches the pins and MANIFEST.json."""
    manifest_path = VENDOR_DIR / MANIFEST_NAME
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise VendorError(f"cannot read {manifest_path}: {exc}") from exc
    by_name = {p["name"]: p for p in manifest.get("packages", [])}
    problems = []
    for pkg in PACKAGES:
        entry = by_name.get(pkg["name"])
        if entry is None:
            problems.append(f"{pkg['name']}: not in manifest")
            continue
        if entry["version"] != pkg["version"] or entry["integrity"] != pkg["integrity"]:
            problems.append(f"{pkg['name']}: manifest does not match the pins; rerun the script")
            continue
        root = package_dir(pkg)
        listed = {f["path"] for f in entry["files"]}
        for rel in pkg["files"]:
            if rel not in listed:
                problems.append(f"{pkg['name']}: {rel} not in manifest")
        for f in entry["files"]:
            path = root / f["path"]
            if not path.is_file():
                problems.append(f"missing {path.relative_to(REPO_ROOT)}")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != f["sha256"]:
                problems.append(f"modified {path.relative_to(REPO_ROOT)}")
    if problems:
        raise VendorError("check failed:\n  " + "\n  ".join(problems))
    log("check ok: static/vendor matches the pins")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="verify files on disk only (no network)"
    )
    args = parser.parse_args(argv)
    try:
        validate_pins()
        check() if args.check else vendor()
    except VendorError as exc:
        print(f"vendor_assets: ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
