"""二维码 tab of 社情民意闭环: a deputy's code, and the page's address shown to copy (staff used
to find only the image)."""
from __future__ import annotations

from sqlalchemy import select

from toolkit.network.models import Deputy
from toolkit.network.qr import intake_url
from widgets.enrolment.qr_panel import QrPanel


def test_the_code_comes_with_its_address_to_copy(demo_db):
    with demo_db.reader() as s:
        deputy = s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id))
        station, name = deputy.station_id, deputy.name
    panel = QrPanel(demo_db)
    panel.station.value = station
    panel.deputy.value = next(v for label, v in panel.deputy.options if label == name)
    panel.code_button.click()
    assert panel.message.kind == "ok", panel.message.text
    with demo_db.reader() as s:
        token = s.scalar(select(Deputy.qr_token).where(Deputy.name == name, Deputy.station_id == station))
    address = intake_url(token)
    assert f'user-select:all" title="点击全选，按 Ctrl+C 复制">{address}</code>' in panel.address.value
    assert "下载 PNG" in panel.links.value
    panel.sheet_button.click()
    assert panel.address.value == "" and "代表联系卡.html" in panel.links.value
