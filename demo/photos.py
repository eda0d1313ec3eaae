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


# Side views, rear on the left and nose on the right: x is a fraction of the length, y of the height above
# the sills. ``height`` is the silhouette's height as a share of its length, ``wheels`` the axles (x) and
# the wheel radius (share of the length), ``belt`` the line under the windows.
BODIES = {
    "sedan": {"height": 0.27, "belt": 0.56, "wheels": (0.2, 0.8, 0.068),
              "outline": [(0, .12), (0, .5), (.04, .57), (.22, .6), (.31, .64), (.4, 1), (.62, 1), (.75, .64),
                          (.96, .54), (1, .44), (1, .12)],
              "glass": [(.33, .62), (.41, .93), (.61, .93), (.72, .62)], "pillars": [.52]},
    "hatchback": {"height": 0.33, "belt": 0.55, "wheels": (0.17, 0.82, 0.072),
                  "outline": [(0, .1), (0, .58), (.03, .9), (.09, 1), (.58, 1), (.75, .62), (.96, .52), (1, .42),
                              (1, .1)],
                  "glass": [(.05, .6), (.09, .92), (.57, .92), (.72, .6)], "pillars": [.17, .42]},
    "wagon": {"height": 0.3, "belt": 0.56, "wheels": (0.18, 0.81, 0.066),
              "outline": [(0, .12), (0, .62), (.02, .95), (.06, 1), (.62, 1), (.76, .63), (.96, .53), (1, .43),
                          (1, .12)],
              "glass": [(.04, .62), (.07, .93), (.61, .93), (.73, .62)], "pillars": [.2, .46]},
    "suv": {"height": 0.38, "belt": 0.58, "wheels": (0.18, 0.8, 0.082),
            "outline": [(0, .1), (0, .66), (.02, .96), (.05, 1), (.64, 1), (.78, .66), (.97, .58), (1, .48),
                        (1, .1)],
            "glass": [(.04, .64), (.06, .93), (.63, .93), (.75, .64)], "pillars": [.2, .46]},
    "minivan": {"height": 0.42, "belt": 0.5, "wheels": (0.17, 0.81, 0.07),
                "outline": [(0, .08), (0, .72), (.01, .97), (.04, 1), (.74, 1), (.9, .6), (.99, .5), (1, .4),
                            (1, .08)],
                "glass": [(.03, .56), (.04, .93), (.73, .93), (.87, .56)], "pillars": [.28, .55]},
    "van": {"height": 0.44, "belt": 0.52, "wheels": (0.2, 0.84, 0.062),
            "outline": [(0, .06), (0, .97), (.02, 1), (.93, 1), (.99, .76), (1, .5), (1, .06)],
            "glass": [(.3, .58), (.3, .92), (.91, .92), (.97, .58)], "pillars": [.52, .74]},
    "pickup": {"height": 0.36, "belt": 0.58, "wheels": (0.16, 0.8, 0.08),
               "outline": [(0, .1), (0, .6), (.37, .6), (.38, .64), (.41, 1), (.66, 1), (.78, .64), (.97, .56),
                           (1, .46), (1, .1)],
               "glass": [(.4, .64), (.42, .93), (.65, .93), (.75, .64)], "pillars": [.54]},
}
BODIES["coupe"] = {**BODIES["sedan"], "height": 0.25}


def _car(image: Image.Image, rng: random.Random, color: tuple[int, int, int], ground: int, body: str) -> None:
    shape = BODIES.get(body, BODIES["sedan"])
    length = rng.randint(820, 940)
    x0 = (WIDTH - length) // 2 + rng.randint(-30, 30)
    wheel_radius = int(length * shape["wheels"][2])
    clearance = int(wheel_radius * (0.75 if body in ("suv", "pickup") else 0.45))
    height = int(length * shape["height"])
    sill = ground - clearance

    def point(fx: float, fy: float) -> tuple[int, int]:
        return x0 + int(fx * length), sill - int(fy * height)

    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse([x0 - 30, ground - 22, x0 + length + 30, ground + 20], fill=160)
    image.paste((20, 20, 22), mask=shadow.filter(ImageFilter.GaussianBlur(16)))

    draw = ImageDraw.Draw(image)
    dark, light = _shade(color, 0.6), _shade(color, 1.15)
    outline = [point(*p) for p in shape["outline"]]
    draw.polygon(outline, fill=color)
    # Light from above: the upper body is a little brighter, the lower a little darker.
    belt_y = point(0, shape["belt"])[1]
    lower = Image.new("L", image.size, 0)
    ImageDraw.Draw(lower).polygon(outline, fill=70)
    lower.paste(0, (0, 0, WIDTH, belt_y + int(height * 0.2)))
    image.paste(_shade(color, 0.78), mask=lower.filter(ImageFilter.GaussianBlur(6)))
    draw = ImageDraw.Draw(image)
    draw.line([point(0.01, shape["belt"] - 0.02), point(0.99, shape["belt"] - 0.08)], fill=light, width=4)
    glass = [point(*p) for p in shape["glass"]]
    draw.polygon(glass, fill=(58, 74, 92))
    top = min(y for _x, y in glass)
    draw.polygon([glass[0], (glass[0][0] + 40, top), (glass[0][0] + 120, top), (glass[0][0] + 60, glass[0][1])],
                 fill=(120, 146, 170))  # a reflection on the glass
    for fx in shape["pillars"]:
        px = x0 + int(fx * length)
        draw.rectangle([px - 7, top, px + 7, glass[0][1]], fill=dark)
        draw.line([(px, glass[0][1]), (px, sill - 8)], fill=dark, width=3)  # door gap
        draw.rounded_rectangle([px - 62, belt_y + 14, px - 24, belt_y + 22], radius=4, fill=dark)  # handle
    nose_x, nose_y = point(1, shape["outline"][-2][1])
    draw.rounded_rectangle([nose_x - 46, nose_y + 4, nose_x - 4, nose_y + 30], radius=8, fill=(250, 244, 214))
    tail_x, tail_y = point(0, shape["belt"])
    draw.rounded_rectangle([tail_x + 2, tail_y, tail_x + 22, tail_y + 42], radius=6, fill=(186, 28, 34))
    draw.rectangle([x0 + 8, sill - 14, x0 + length - 8, sill], fill=_shade(color, 0.35))   # sills and bumpers
    if body == "pickup":  # the open bed's rail
        draw.line([point(0.01, 0.6), point(0.37, 0.6)], fill=dark, width=6)
    for fx in shape["wheels"][:2]:
        centre, cy = x0 + int(fx * length), ground - wheel_radius
        draw.pieslice([centre - wheel_radius - 14, cy - wheel_radius - 14, centre + wheel_radius + 14,
                       cy + wheel_radius + 14], 180, 360, fill=(22, 22, 24))
        draw.ellipse([centre - wheel_radius, cy - wheel_radius, centre + wheel_radius, cy + wheel_radius],
                     fill=(26, 26, 28))
        rim = int(wheel_radius * 0.62)
        draw.ellipse([centre - rim, cy - rim, centre + rim, cy + rim], fill=(176, 180, 186))
        spokes = rng.choice((5, 6, 10))
        for spoke in range(spokes):
            angle = spoke * 360 / spokes
            draw.pieslice([centre - rim + 5, cy - rim + 5, centre + rim - 5, cy + rim - 5], angle, angle + 16,
                          fill=(112, 116, 122))
        draw.ellipse([centre - 10, cy - 10, centre + 10, cy + 10], fill=(86, 90, 96))


def _label(draw: ImageDraw.ImageDraw, make: str, model: str, rng: random.Random) -> None:
    text = f"{make} {model}".strip()[:40] or "Demo car"
    font = _font(34)
    left, top_, right, bottom_ = draw.textbbox((0, 0), text, font=font)
    width, height = right - left, bottom_ - top_
    x = 40 if rng.random() < 0.5 else WIDTH - width - 60
    y = 40
    draw.rounded_rectangle([x - 20, y - 16, x + width + 20, y + height + 24], radius=12, fill=(255, 255, 255))
    draw.text((x, y - top_), text, font=font, fill=(20, 24, 30))


def draw_car_photo(make: str, model: str, color: str, seed: int | str = 0, body: str = "sedan") -> bytes:
    """A JPEG of a car drawn with Pillow (no downloads): sky, yard, the side view of its body type, make and model."""
    rng = _rng(make, model, color, seed, body)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(int(HEIGHT * 0.42), int(HEIGHT * 0.5))
    _background(draw, rng, horizon)
    _car(image, rng, car_color(color), ground=rng.randint(int(HEIGHT * 0.8), int(HEIGHT * 0.86)), body=body)
    _label(ImageDraw.Draw(image), make, model, rng)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
