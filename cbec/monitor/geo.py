"""City → province for Chinese posting locations (zh or pinyin). Pure; a small table, not a
gazetteer: the cities where CBEC jobs concentrate plus every provincial capital."""

from __future__ import annotations

import re

PROVINCE_CITIES: dict[str, list[tuple[str, str]]] = {
    "广东": [
        ("深圳", "shenzhen"),
        ("广州", "guangzhou"),
        ("东莞", "dongguan"),
        ("佛山", "foshan"),
        ("珠海", "zhuhai"),
        ("中山", "zhongshan"),
        ("惠州", "huizhou"),
        ("汕头", "shantou"),
    ],
    "浙江": [
        ("杭州", "hangzhou"),
        ("义乌", "yiwu"),
        ("宁波", "ningbo"),
        ("金华", "jinhua"),
        ("温州", "wenzhou"),
        ("台州", "taizhou"),
        ("绍兴", "shaoxing"),
        ("嘉兴", "jiaxing"),
    ],
    "福建": [("厦门", "xiamen"), ("福州", "fuzhou"), ("泉州", "quanzhou"), ("莆田", "putian")],
    "江苏": [
        ("苏州", "suzhou"),
        ("南京", "nanjing"),
        ("无锡", "wuxi"),
        ("常州", "changzhou"),
        ("南通", "nantong"),
    ],
    "上海": [("上海", "shanghai")],
    "北京": [("北京", "beijing")],
    "天津": [("天津", "tianjin")],
    "重庆": [("重庆", "chongqing")],
    "山东": [("青岛", "qingdao"), ("济南", "jinan"), ("临沂", "linyi"), ("烟台", "yantai")],
    "河南": [("郑州", "zhengzhou"), ("洛阳", "luoyang")],
    "湖北": [("武汉", "wuhan")],
    "湖南": [("长沙", "changsha")],
    "四川": [("成都", "chengdu")],
    "陕西": [("西安", "xi'an")],
    "安徽": [("合肥", "hefei")],
    "江西": [("南昌", "nanchang")],
    "河北": [("石家庄", "shijiazhuang"), ("保定", "baoding")],
    "山西": [("太原", "taiyuan")],
    "辽宁": [("沈阳", "shenyang"), ("大连", "dalian")],
    "吉林": [("长春", "changchun")],
    "黑龙江": [("哈尔滨", "harbin")],
    "广西": [("南宁", "nanning")],
    "云南": [("昆明", "kunming")],
    "贵州": [("贵阳", "guiyang")],
    "海南": [("海口", "haikou"), ("三亚", "sanya")],
    "甘肃": [("兰州", "lanzhou")],
    "新疆": [("乌鲁木齐", "urumqi")],
    "内蒙古": [("呼和浩特", "hohhot")],
    "宁夏": [("银川", "yinchuan")],
    "青海": [("西宁", "xining")],
    "西藏": [("拉萨", "lhasa")],
}

_CITY_TO_PROVINCE: dict[str, tuple[str, str]] = {}
for _province, _cities in PROVINCE_CITIES.items():
    for _zh, _en in _cities:
        _CITY_TO_PROVINCE[_zh] = (_zh, _province)
        _CITY_TO_PROVINCE[_en] = (_zh, _province)
_CITY_PATTERN = re.compile(
    "|".join(sorted(map(re.escape, _CITY_TO_PROVINCE), key=len, reverse=True))
)


def locate(text: str) -> tuple[str, str]:
    """(city, province) in Chinese; ('', '') when the location is unknown or abroad.

    '深圳市南山区', '广东深圳', 'Shenzhen, Guangdong' → ('深圳', '广东')."""
    m = _CITY_PATTERN.search(text.lower() if text.isascii() else text)
    if m:
        return _CITY_TO_PROVINCE[m.group(0)]
    for province in PROVINCE_CITIES:
        if province in text:
            return "", province
    return "", ""
