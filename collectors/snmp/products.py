"""sysObjectID -> the product it names, for devices that state their model nowhere else
(data only).

A vendor registers one sysObjectID per product in a "products" MIB; the value is the
product, so where sysDescr, ENTITY-MIB and the vendor's own scalars are all silent, the
registration still names the box. Only MIBs whose entries say the product's name in words
are listed here (a registration's descriptor, such as ``s25pac``, is not a model name).
A sysObjectID not listed gives no model: netmon never guesses one.

- Force10 / Dell Networking OS (enterprise 6027): F10-PRODUCTS-MIB (f10Products = 6027.1),
  revision 2013-10-22; the model as each entry's DESCRIPTION writes it ("Dell Networking
  OS S25P-AC access switch." -> ``S25P-AC``; "S4810 ON" -> ``S4810-ON``).

- Opengear (enterprise 25049): OG-PRODUCTS-MIB (ogProducts = 25049.1), revision
  2023-01-18. Its descriptors are "og" and the product's own name (``ogACM550x``), so the
  name is the descriptor without "og"; "Lighthouse" and "Operations Manager" are written
  out.

The table is the last resort, after everything the device states: Dell Networking OS 9
answers 6027.1.3.20 (S4810-ON) on an S4048-ON too, whose sysDescr says "Series: S4048-ON"
(LibreNMS's dnos and dnos_s4048 walks).
"""

from __future__ import annotations

from typing import Final

_F10: Final = "1.3.6.1.4.1.6027.1."
_OG: Final = "1.3.6.1.4.1.25049.1."

PRODUCTS: Final[dict[str, str]] = {
    # E-Series (f10ESeriesProducts 6027.1.1)
    _F10 + "1.1": "E1200", _F10 + "1.2": "E600", _F10 + "1.3": "E300",
    _F10 + "1.4": "E610", _F10 + "1.5": "E1200i",
    # C-Series (6027.1.2)
    _F10 + "2.1": "C300", _F10 + "2.2": "C150",
    # S-Series (6027.1.3)
    _F10 + "3.1": "S50", _F10 + "3.2": "S50E", _F10 + "3.3": "S50V", _F10 + "3.4": "S25P-AC",
    _F10 + "3.5": "S2410CP", _F10 + "3.6": "S2410P", _F10 + "3.7": "S50N-AC",
    _F10 + "3.8": "S50N-DC", _F10 + "3.9": "S25P-DC", _F10 + "3.10": "S25V",
    _F10 + "3.11": "S25N", _F10 + "3.12": "S60", _F10 + "3.13": "S55", _F10 + "3.14": "S4810",
    _F10 + "3.15": "Z9000", _F10 + "3.17": "S4820", _F10 + "3.18": "S6000",
    _F10 + "3.19": "S5000", _F10 + "3.20": "S4810-ON", _F10 + "3.21": "S6000-ON",
    _F10 + "3.22": "S4048-ON", _F10 + "3.23": "S3048-ON",
    # M-Series (6027.1.4): blade-chassis switches
    _F10 + "4.1": "MXL 10/40GbE", _F10 + "4.2": "PE M I/O Aggregator",
    _F10 + "4.3": "PE FN I/O Aggregator",
    # Z-Series (6027.1.5)
    _F10 + "5.1": "Z9500",
    # Opengear (ogProducts 25049.1)
    _OG + "1": "CM4001", _OG + "2": "CM4002", _OG + "3": "CM4008", _OG + "10": "CM41xx",
    _OG + "11": "CM71xx", _OG + "12": "CM7196", _OG + "20": "SD4001", _OG + "21": "SD4002",
    _OG + "22": "SD4008", _OG + "23": "SD4001DW", _OG + "24": "SD4002DX", _OG + "30": "CD",
    _OG + "31": "CMx86", _OG + "40": "CMS61xx", _OG + "41": "Lighthouse",
    _OG + "42": "Lighthouse 5", _OG + "50": "IM4004", _OG + "60": "IM42xx",
    _OG + "61": "IM72xx", _OG + "70": "KCS61xx", _OG + "80": "ACM500x", _OG + "81": "ACM550x",
    _OG + "90": "ACM700x", _OG + "91": "ACM70045", _OG + "101": "Operations Manager",
    _OG + "110": "OM12xx", _OG + "120": "OM22xx", _OG + "130": "CM81xx",
    _OG + "140": "EM80xx",
}


def product_model(sys_object_id: str | None) -> str | None:
    """The product a registered sysObjectID names, or None."""
    if not sys_object_id:
        return None
    return PRODUCTS.get(sys_object_id.strip().lstrip("."))
