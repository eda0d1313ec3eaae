"""The demo stock looks like the trade: JDM cars in the Japanese yards, Chinese cars in Horgos, photos by body."""

import io
import re
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from demo.management.commands import seed_demo
from demo.photos import draw_car_photo
from demo.vehicles import demo_vehicles
from inventory.models import Vehicle, VehiclePhoto
from inventory.validators import validate_chassis_no, vin_check_digit

JAPANESE_MAKES = {"Toyota", "Honda", "Nissan", "Mazda", "Subaru", "Mitsubishi", "Suzuki"}
CHINESE_MAKES = {"Li Auto", "BYD", "Haval", "Geely", "Chery", "Great Wall"}


def test_the_japanese_yards_list_japanese_market_models_with_frame_numbers():
    cars = demo_vehicles("TY", "JP", 90, seed=1)
    assert {car["make"] for car in cars} <= JAPANESE_MAKES
    models = {(car["model"], car["model_code"]) for car in cars}
    assert {("Prius", "ZVW30"), ("Aqua", "NHP10"), ("Hiace Van", "GDH201V"), ("Note e-Power", "HE12")} <= models
    assert {"Harrier", "Land Cruiser", "Fit", "Vezel", "X-Trail"} <= {car["model"] for car in cars}
    assert not {"Tacoma", "Titan", "Tundra"} & {car["model"] for car in cars}
    for car in cars:
        validate_chassis_no(car["chassis_no"])
        assert re.fullmatch(r"[A-Z0-9]{2,6}-\d{6,7}", car["chassis_no"])
        assert car["model_code"].startswith(car["chassis_no"].split("-")[0])
        assert car["price_currency"] == "JPY" and car["steering"] == "rhd" and car["auction_grade"]
    fuels = Counter(car["fuel"] for car in cars)
    assert fuels["hybrid"] and fuels["electric"] and fuels["diesel"] and fuels["plugin_hybrid"]
    prius = next(car for car in cars if car["model_code"] == "ZVW30")
    assert prius["engine_cc"] == 1797 and 2010 <= prius["year"] <= 2015  # years from the EPA file


def test_horgos_lists_chinese_models_with_valid_vins_in_cny():
    cars = demo_vehicles("HG", "CN", 45, seed=2)
    assert {car["make"] for car in cars} == CHINESE_MAKES
    assert {"L7", "L9", "Song Plus DM-i", "H6", "Monjaro", "Tiggo 7 Pro"} <= {car["model"] for car in cars}
    for car in cars:
        vin = car["chassis_no"]
        assert len(vin) == 17 and vin[0] == "L" and vin_check_digit(vin) == vin[8]
        assert car["price_currency"] == "CNY" and car["steering"] == "lhd"
    assert {"range_extender", "plugin_hybrid", "electric"} <= {car["fuel"] for car in cars}
    assert all(car["engine_cc"] is None for car in cars if car["fuel"] == "electric")


def test_photos_differ_by_body_type():
    def silhouette_height(body):
        image = Image.open(io.BytesIO(draw_car_photo("Toyota", "X", "dark blue", 1, body=body))).convert("RGB")
        # the dark-blue body's pixels: how tall the car stands in the picture
        rows = [y for y in range(0, image.height, 4)
                if any(abs(r - 24) < 20 and abs(g - 40) < 20 and abs(b - 92) < 30
                       for r, g, b in (image.getpixel((x, y)) for x in range(200, 1000, 8)))]
        return max(rows) - min(rows)

    heights = {body: silhouette_height(body) for body in ("sedan", "hatchback", "suv", "van")}
    assert heights["sedan"] < heights["hatchback"] < heights["suv"] < heights["van"]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_search_placeholders_example_finds_cars_with_photos_in_the_seeded_catalog(client, monkeypatch):
    monkeypatch.setattr(seed_demo, "VEHICLES_PER_YARD", {"TY": 21, "YH": 0, "HG": 10})
    try:
        call_command("seed_demo")
        page = client.get("/stock/catalog/").content.decode()
        example = re.search(r'name="q"[^>]*placeholder="([^",]+)', page).group(1)
        assert example == "Harrier"
        found = client.get(f"/stock/catalog/?q={example}").context["vehicles"]
        assert found and all(v.model == "Harrier" and v.photo_count >= 1 for v in found)
        assert {v.body_type for v in Vehicle.objects.all()} >= {"hatchback", "suv", "van", "pickup", "sedan"}
    finally:
        for names in VehiclePhoto.objects.values_list("original", "web", "thumbnail"):
            for name in filter(None, names):
                default_storage.delete(name)
