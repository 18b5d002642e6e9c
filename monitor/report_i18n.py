"""The report's words in Vietnamese (the default: its readers are the city's leadership)
and English. Text is NFC-normalised Unicode: what the PDF shows is what is written here."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Báo cáo tháng {month:02d}/{year} về hạ tầng công nghệ thông tin",
        "subtitle": "Kết quả đo tự động bằng netmon, lập lúc {at} (UTC)",
        "summary": "Các chỉ tiêu của chương trình",
        "indicator": "Chỉ tiêu", "level": "Cấp", "value": "Kết quả", "target": "Mục tiêu",
        "status": "Đánh giá", "met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa rõ",
        "count": "Số đơn vị", "unknown_n": "chưa rõ {n}",
        "per_district": "Kết quả theo quận, huyện, thị xã",
        "trend": "Diễn biến trong tháng (giá trị theo ngày)",
        "short": "Đơn vị chưa đạt chỉ tiêu",
        "none_short": "Không có đơn vị nào chưa đạt.",
        "agency": "Đơn vị", "district": "Quận, huyện", "detail": "Chi tiết",
        "dc": "Trung tâm dữ liệu", "dc_availability": "Thời gian vận hành trong tháng",
        "item": "Thiết bị, dịch vụ", "availability": "Sẵn sàng",
        "incidents": "Sự cố trong tháng", "none_incidents": "Không có sự cố.",
        "when": "Thời điểm", "until": "Kết thúc", "what": "Nội dung",
        "ongoing": "chưa kết thúc",
        "changes": "Thay đổi thiết bị", "none_changes": "Không có thay đổi thiết bị.",
        "device": "Thiết bị", "old": "Trước", "new": "Sau",
        "no_data": "Chưa có số liệu cho tháng này.",
        "days_note": "Số liệu của {n} ngày trong tháng.",
        "wan:department": "Sở, ngành kết nối mạng WAN của Thành phố",
        "wan:district": "Quận, huyện, thị xã kết nối mạng WAN",
        "lan_wan:commune": "Xã, phường, thị trấn có mạng LAN kết nối WAN",
        "computers": "Cán bộ, công chức được trang bị máy tính",
        "portals": "Cổng thông tin điện tử hoạt động (≥ 99 % số lần kiểm tra)",
        "data_centre": "Trung tâm dữ liệu vận hành hiệu quả",
        "department": "Sở, ngành", "district_level": "Quận, huyện, thị xã",
        "commune": "Xã, phường, thị trấn", "data_centre_level": "Trung tâm dữ liệu",
        "kind:down": "ngừng hoạt động", "kind:on_battery": "UPS chạy bằng ắc quy",
        "kind:cert_expiry_30": "chứng thư số hết hạn sau 30 ngày",
        "kind:cert_expiry_14": "chứng thư số hết hạn sau 14 ngày",
        "kind:cert_expiry_7": "chứng thư số hết hạn sau 7 ngày",
        "kind:cert_expired": "chứng thư số đã hết hạn",
        "kind:serial_changed": "thay thiết bị (số sê-ri)",
        "kind:model_changed": "thay đổi mẫu thiết bị",
        "kind:os_version_changed": "nâng cấp phần mềm hệ điều hành",
        "bars:wan:district": "Trụ sở quận, huyện kết nối WAN",
        "bars:lan_wan:commune": "Xã, phường có LAN kết nối WAN, theo quận, huyện",
        "bars:computers": "Đơn vị đủ máy tính cho cán bộ, theo quận, huyện",
        "bars:portals:district": "Cổng thông tin của quận, huyện",
        "footer": "Báo cáo do netmon lập tự động từ số liệu giám sát.",
    },
    "en": {
        "title": "IT infrastructure report for {month:02d}/{year}",
        "subtitle": "Measured automatically by netmon, written {at} (UTC)",
        "summary": "The programme's indicators",
        "indicator": "Indicator", "level": "Level", "value": "Result", "target": "Target",
        "status": "Assessment", "met": "Met", "not_met": "Not met", "unknown": "Unknown",
        "count": "Agencies", "unknown_n": "{n} unknown",
        "per_district": "Per district",
        "trend": "The month's trend (daily values)",
        "short": "Agencies short of the target",
        "none_short": "No agency falls short.",
        "agency": "Agency", "district": "District", "detail": "Detail",
        "dc": "State data centre", "dc_availability": "Time in operation this month",
        "item": "Device or service", "availability": "Availability",
        "incidents": "Incidents this month", "none_incidents": "No incident.",
        "when": "When", "until": "Ended", "what": "What", "ongoing": "ongoing",
        "changes": "Equipment changes", "none_changes": "No equipment change.",
        "device": "Device", "old": "Before", "new": "After",
        "no_data": "No data for this month yet.",
        "days_note": "Figures from {n} days of the month.",
        "wan:department": "Departments connected to the city WAN",
        "wan:district": "Districts connected to the city WAN",
        "lan_wan:commune": "Communes with a LAN connected to the WAN",
        "computers": "Civil servants equipped with a computer",
        "portals": "Web portals answering (≥ 99 % of probes)",
        "data_centre": "State data centre in operation",
        "department": "Departments", "district_level": "Districts",
        "commune": "Communes", "data_centre_level": "Data centre",
        "kind:down": "down", "kind:on_battery": "UPS on battery",
        "kind:cert_expiry_30": "certificate expires within 30 days",
        "kind:cert_expiry_14": "certificate expires within 14 days",
        "kind:cert_expiry_7": "certificate expires within 7 days",
        "kind:cert_expired": "certificate expired",
        "kind:serial_changed": "device replaced (serial number)",
        "kind:model_changed": "model changed",
        "kind:os_version_changed": "operating system upgraded",
        "bars:wan:district": "District offices on the WAN",
        "bars:lan_wan:commune": "Communes with a LAN on the WAN, per district",
        "bars:computers": "Agencies with enough computers, per district",
        "bars:portals:district": "District portals",
        "footer": "Written automatically by netmon from its monitoring data.",
    },
}
LANGS = tuple(TEXT)


def t(lang: str, key: str, **kw: object) -> str:
    text = TEXT[lang].get(key) or TEXT["en"].get(key) or key
    return text.format(**kw) if kw else text


def indicator_name(lang: str, indicator: str, level: str) -> str:
    return TEXT[lang].get(f"{indicator}:{level}") or t(lang, indicator)


def level_name(lang: str, level: str) -> str:
    key = {"district": "district_level", "data_centre": "data_centre_level"}.get(level, level)
    return TEXT[lang].get(key, level)
