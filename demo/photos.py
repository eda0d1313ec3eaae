"""Demo photos drawn with Pillow: a car in a yard under some sky, with its make and model written on it.

Used by ``seed_demo`` (through ``inventory.services.photos``' ``photo_add`` and ``photo_process``) so that demo stock
has pictures without downloading any. The same arguments always give the same picture.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1200, 900

COLORS = {
    "white": (236, 238, 240), "pearl white": (242, 240, 232), "pearl": (242, 240, 232), "black": (28, 30, 34),
    "silver": (178, 184, 190), "grey": (112, 118, 126), "gray": (112, 118, 126), "gunmetal": (82, 88, 96),
    "red": (176, 28, 36), "wine red": (110, 20, 36), "maroon": (110, 20, 36), "blue": (32, 76, 158),
    "dark blue": (24, 40, 92), "navy": (24, 40, 92), "light blue": (120, 170, 210), "green": (34, 110, 70),
    "dark green": (24, 70, 48), "yellow": (232, 196, 40), "orange": (230, 120, 30), "brown": (110, 72, 46),
    "beige": (210, 190, 150), "gold": (196, 160, 80), "champagne": (214, 198, 164), "purple": (96, 52, 120),
}

SKIES = [
    ((84, 148, 220), (190, 222, 246)),   # clear
    ((150, 160, 172), (214, 218, 224)),  # overcast
    ((64, 92, 160), (246, 186, 120)),    # evening
    ((110, 170, 226), (232, 240, 248)),  # hazy
]


def _rng(*parts) -> random.Random:
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def car_color(name: str) -> tuple[int, int, int]:
    """An RGB colour for a colour name; unknown names get a stable colour of their own."""
    key = (name or "").strip().lower()
    if key in COLORS:
        return COLORS[key]
    for known, rgb in COLORS.items():
        if known in key:
            return rgb
    hue = int(hashlib.sha256(key.encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.42, 0.55)
    return int(r * 255), int(g * 255), int(b * 255)


def _shade(rgb, factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(channel * factor))) for channel in rgb)


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _background(draw: ImageDraw.ImageDraw, rng: random.Random, horizon: int) -> None:
    top, bottom = SKIES[rng.randrange(len(SKIES))]
    for y in range(horizon):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / horizon))
    # Distant hills, then a yard fence and a few buildings.
    hill = _mix(bottom, (70, 96, 90), 0.55)
    points = [(0, horizon)]
    x = 0
    while x < WIDTH:
        x += rng.randint(80, 220)
        points.append((min(x, WIDTH), horizon - rng.randint(40, 170)))
    points.append((WIDTH, horizon))
    draw.polygon(points, fill=hill)
    x = rng.randint(-60, 40)
    while x < WIDTH:
        width, height = rng.randint(90, 220), rng.randint(40, 120)
        tone = rng.randint(150, 215)
        draw.rectangle([x, horizon - height, x + width, horizon], fill=(tone, tone - 6, tone - 14))
        for wx in range(x + 12, x + width - 20, 34):
            draw.rectangle([wx, horizon - height + 14, wx + 18, horizon - height + 30], fill=(90, 110, 130))
        x += width + rng.randint(10, 80)
    draw.rectangle([0, horizon - 26, WIDTH, horizon], fill=(120, 126, 130))
    for post in range(0, WIDTH, 40):
        draw.line([(post, horizon - 26), (post, horizon)], fill=(90, 94, 98), width=3)
    # Ground: asphalt with a parking line.
    ground_top, ground_bottom = (104, 106, 108), (62, 64, 66)
    for y in range(horizon, HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(ground_top, ground_bottom, (y - horizon) / (HEIGHT - horizon)))
    line_y = horizon + 40
    draw.polygon([(0, line_y), (WIDTH, line_y - 6), (WIDTH, line_y + 2), (0, line_y + 8)], fill=(220, 220, 200))


def _car(image: Image.Image, rng: random.Random, color: tuple[int, int, int], ground: int) -> None:
    length = rng.randint(760, 900)
    x0 = (WIDTH - length) // 2 + rng.randint(-40, 40)
    x1 = x0 + length
    body_height = rng.randint(130, 190)            # taller for SUVs and vans
    cabin_height = rng.randint(100, 150)
    wheel_radius = rng.randint(62, 78)
    bottom = ground - wheel_radius // 2
    top = bottom - body_height
    roof = top - cabin_height
    hatch = rng.random() < 0.4                     # a hatchback/wagon roof runs further back

    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse([x0 - 20, ground - 26, x1 + 20, ground + 22], fill=150)
    image.paste((20, 20, 22), mask=shadow.filter(ImageFilter.GaussianBlur(14)))

    draw = ImageDraw.Draw(image)
    dark, light = _shade(color, 0.62), _shade(color, 1.18)
    # Cabin: windscreen at the front (right), rear window at the back (left).
    front_pillar = x1 - int(length * rng.uniform(0.24, 0.3))
    rear_pillar = x0 + int(length * (0.06 if hatch else rng.uniform(0.16, 0.22)))
    cabin = [(rear_pillar - 30, top + 4), (rear_pillar + 40, roof), (front_pillar - 60, roof),
             (front_pillar + 40, top + 4)]
    draw.polygon(cabin, fill=color)
    glass = (168, 196, 214)
    inset = 14
    split = (rear_pillar + front_pillar) // 2
    draw.polygon([(rear_pillar - 8, top + 2), (rear_pillar + 44, roof + inset), (split - 8, roof + inset),
                  (split - 8, top + 2)], fill=glass)
    draw.polygon([(split + 8, top + 2), (split + 8, roof + inset), (front_pillar - 64, roof + inset),
                  (front_pillar + 20, top + 2)], fill=_shade(glass, 0.92))
    # Body with a rounded nose and tail.
    draw.rounded_rectangle([x0, top, x1, bottom], radius=min(48, body_height // 2), fill=color)
    draw.rectangle([x0 + 30, top, x1 - 30, top + 10], fill=light)          # shoulder highlight
    draw.line([(x0 + 20, (top + bottom) // 2), (x1 - 20, (top + bottom) // 2)], fill=dark, width=3)
    draw.line([(split, top + 6), (split, bottom - 14)], fill=dark, width=3)  # door gap
    for handle_x in (split - 70, split + 40):
        draw.rounded_rectangle([handle_x, top + 24, handle_x + 40, top + 32], radius=4, fill=dark)
    draw.rounded_rectangle([x1 - 40, top + 20, x1 - 4, top + 48], radius=8, fill=(250, 244, 214))   # headlight
    draw.rounded_rectangle([x0 + 4, top + 20, x0 + 34, top + 50], radius=8, fill=(196, 30, 36))     # tail light
    draw.rectangle([x0 + 10, bottom - 18, x1 - 10, bottom], fill=_shade(color, 0.4))                # sill
    # Wheels in dark arches.
    for centre in (x0 + int(length * 0.2), x1 - int(length * 0.2)):
        draw.pieslice([centre - wheel_radius - 14, bottom - wheel_radius - 20, centre + wheel_radius + 14,
                       bottom + wheel_radius + 8], 180, 360, fill=(26, 26, 28))
        cy = ground - wheel_radius
        draw.ellipse([centre - wheel_radius, cy - wheel_radius, centre + wheel_radius, cy + wheel_radius],
                     fill=(24, 24, 26))
        rim = int(wheel_radius * 0.6)
        draw.ellipse([centre - rim, cy - rim, centre + rim, cy + rim], fill=(188, 192, 198))
        spokes = rng.choice((5, 6, 10))
        for spoke in range(spokes):
            angle = spoke * 360 / spokes
            box = [centre - rim + 6, cy - rim + 6, centre + rim - 6, cy + rim - 6]
            draw.pieslice(box, angle, angle + 14, fill=(120, 124, 130))
        draw.ellipse([centre - 10, cy - 10, centre + 10, cy + 10], fill=(90, 94, 100))


def _label(draw: ImageDraw.ImageDraw, make: str, model: str, rng: random.Random) -> None:
    text = f"{make} {model}".strip()[:40] or "Demo car"
    font = _font(52)
    left, top_, right, bottom_ = draw.textbbox((0, 0), text, font=font)
    width, height = right - left, bottom_ - top_
    x = 40 if rng.random() < 0.5 else WIDTH - width - 60
    y = HEIGHT - height - 60
    draw.rounded_rectangle([x - 20, y - 16, x + width + 20, y + height + 24], radius=12, fill=(255, 255, 255))
    draw.text((x, y - top_), text, font=font, fill=(20, 24, 30))


def draw_car_photo(make: str, model: str, color: str, seed: int | str = 0) -> bytes:
    """A JPEG of a car drawn with Pillow (no downloads): sky, yard, car silhouette, make and model."""
    rng = _rng(make, model, color, seed)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(int(HEIGHT * 0.42), int(HEIGHT * 0.5))
    _background(draw, rng, horizon)
    _car(image, rng, car_color(color), ground=rng.randint(int(HEIGHT * 0.78), int(HEIGHT * 0.84)))
    _label(ImageDraw.Draw(image), make, model, rng)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
