"""Publishing content/assets/: only the allowed types, images without their metadata.

``check`` has refused every other type, and unsafe SVGs and PDFs
(``load.assets``). Here each image is re-encoded from its pixels, so what a
camera or an editor wrote beside them (EXIF and its sub-directories such as
UserComment and XPComment, PNG text chunks, XMP, ICC profiles, comments) is
not published; CSV files are made safe to open in a spreadsheet.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence

from mentorkit.load.assets import IMAGES, PUBLISHED
from mentorkit.problems import MentorkitError, Problem
from mentorkit.render.safecsv import neutralise_csv

_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}


def publish_assets(root: Path, docs_dir: Path) -> None:
    """Copy content/assets/ into the staged docs, each file in its published form."""
    source = root / "content" / "assets"
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.name.startswith("."):
            continue
        suffix = path.suffix.lower()
        if suffix not in PUBLISHED:
            continue  # refused at check; never published
        target = docs_dir / "assets" / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if suffix in IMAGES:
            target.write_bytes(stripped_image(path))
        elif suffix == ".csv":
            target.write_text(neutralise_csv(path.read_text(encoding="utf-8-sig")), encoding="utf-8")
        else:
            shutil.copyfile(path, target)


def stripped_image(path: Path) -> bytes:
    """The image re-encoded from its pixels alone: no metadata survives."""
    fmt = _FORMATS[path.suffix.lower()]
    try:
        with Image.open(path) as image:
            if image.format != fmt and not (fmt == "JPEG" and image.format == "MPO"):
                raise ValueError(f"it is a {image.format} file named {path.suffix}")
            frames = [_clean(frame, fmt) for frame in ImageSequence.Iterator(image)]
            duration = image.info.get("duration")
            loop = image.info.get("loop")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise MentorkitError(
            f"the image {path.name} cannot be published",
            [
                Problem.whole_file(
                    f"content/assets/{path.name}",
                    "asset-unsafe",
                    f"the image cannot be read: {exc}",
                    "open it in an image editor and save it again",
                )
            ],
        ) from None
    out = io.BytesIO()
    options: dict[str, object] = {"quality": 92} if fmt in ("JPEG", "WEBP") else {}
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:], duration=duration or 100, loop=loop or 0)
    frames[0].save(out, fmt, **options)
    return out.getvalue()


def _clean(frame: Image.Image, fmt: str) -> Image.Image:
    # Turned upright first: the orientation lives in the EXIF block that is dropped.
    upright = ImageOps.exif_transpose(frame) if fmt in ("JPEG", "WEBP", "PNG") else frame.copy()
    if fmt == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    pixels = Image.new(upright.mode, upright.size)
    if upright.mode == "P":
        pixels.putpalette(upright.getpalette() or [])
        if "transparency" in upright.info:
            pixels.info["transparency"] = upright.info["transparency"]
    pixels.paste(upright)
    return pixels
