# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Word lists of the data generator (Chinese and English names, texts)."""

SURNAMES_ZH = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
GIVEN_ZH = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "晓东", "海燕", "文杰",
    "雪梅", "国庆", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "雨婷", "思远", "嘉怡",
]
FIRST_EN = [
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William",
    "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty",
    "Mark", "Margaret", "Paul", "Sandra", "Steven", "Ashley", "Andrew", "Emily", "Kevin",
    "Donna", "Brian", "Michelle", "George", "Carol", "Edward", "Amanda", "Ronald", "Melissa",
]
LAST_EN = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson",
    "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
    "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts",
]
CITIES_ZH = [
    "北京", "上海", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安", "天津",
    "重庆", "青岛", "厦门", "宁波", "无锡", "长沙", "郑州", "大连", "佛山", "东莞", "台北",
    "香港", "新竹", "高雄",
]
WORDS_ZH = [
    "华信", "恒通", "宏达", "永盛", "新鸿", "联创", "金桥", "长城", "瑞丰", "东方", "中盛",
    "博远", "天成", "汇通", "鼎盛", "安泰", "星辰", "明德", "海川", "嘉禾", "腾飞", "万象",
]
INDUSTRIES_ZH = [
    "贸易", "科技", "电子", "机械", "物流", "医疗器械", "食品", "建材", "化工", "软件",
    "精密制造", "新能源", "纺织", "家具", "汽车配件",
]
CITIES_EN = [
    ("Beijing", "CN"), ("Shanghai", "CN"), ("Shenzhen", "CN"), ("Hangzhou", "CN"),
    ("Taipei", "TW"), ("Hong Kong", "HK"), ("Singapore", "SG"), ("New York", "US"),
    ("Chicago", "US"), ("San Francisco", "US"), ("London", "GB"), ("Manchester", "GB"),
    ("Frankfurt", "DE"), ("Munich", "DE"), ("Paris", "FR"), ("Lyon", "FR"),
    ("Rotterdam", "NL"), ("Milan", "IT"), ("Madrid", "ES"), ("Sydney", "AU"),
]
WORDS_EN = [
    "Northwind", "Blue Ridge", "Silverline", "Summit", "Redwood", "Evergreen", "Pioneer",
    "Keystone", "Harbor", "Crescent", "Granite", "Maple", "Atlas", "Orion", "Vertex",
    "Lakeside", "Ironbridge", "Sterling", "Bright Star", "Golden Gate", "Falcon", "Meridian",
]
INDUSTRIES_EN = [
    "Trading", "Technologies", "Electronics", "Machinery", "Logistics", "Medical Supplies",
    "Foods", "Building Materials", "Chemicals", "Software", "Precision", "Energy",
    "Textiles", "Furniture", "Auto Parts",
]
SUFFIXES_EN = ["Ltd", "Inc.", "LLC", "GmbH", "Co.", "Group", "S.A.", "B.V.", "Pte Ltd"]
JOBS = ["采购经理", "总经理", "财务主管", "IT Manager", "Purchasing Manager", "CEO",
        "Operations Director", "Accountant", "工程师", "Office Manager"]

PRODUCTS = [
    ("Industrial Pump 工业水泵", 1200.0, 0.62), ("Servo Motor 伺服电机", 860.0, 0.55),
    ("PLC Controller 可编程控制器", 2300.0, 0.58), ("Safety Valve 安全阀", 180.0, 0.45),
    ("Conveyor Belt 输送带 (10 m)", 950.0, 0.6), ("Hydraulic Cylinder 液压缸", 640.0, 0.57),
    ("LED Panel 工业照明", 120.0, 0.4), ("Pressure Sensor 压力传感器", 95.0, 0.38),
    ("Touch Screen HMI 触摸屏", 780.0, 0.6), ("Frequency Inverter 变频器", 1500.0, 0.63),
    ("Cable Kit 电缆套件", 60.0, 0.35), ("Maintenance Contract 维护合同 (1 yr)", 3000.0, 0.3),
    ("Spare Parts Set 备件包", 240.0, 0.5), ("Air Compressor 空压机", 4100.0, 0.66),
    ("Gearbox 减速机", 1350.0, 0.61), ("Barcode Scanner 条码扫描器", 210.0, 0.48),
    ("Thermal Printer 热敏打印机", 330.0, 0.52), ("Network Switch 交换机", 450.0, 0.55),
    ("UPS Power Supply 不间断电源", 890.0, 0.59), ("Training Day 培训服务 (1 day)", 800.0, 0.25),
]
PRODUCT_VARIANTS = ["", " Pro", " Lite", " XL", " Mk II"]

EMAIL_IN = [
    "<p>您好，请问订单的发货时间能否提前？</p>",
    "<p>Hello, could you send us an updated quotation for next quarter?</p>",
    "<p>我们收到的货物有一件损坏，请尽快处理。</p>",
    "<p>Please find attached our purchase order. Kind regards.</p>",
    "<p>发票抬头需要修改，请重新开具。</p>",
    "<p>Is the maintenance visit still planned for next week?</p>",
]
EMAIL_OUT = [
    "<p>感谢您的来信，我们已安排加急发货。</p>",
    "<p>Thank you, the revised quotation is attached.</p>",
    "<p>我们的工程师将在48小时内联系您。</p>",
    "<p>Your order has been confirmed and will ship on Monday.</p>",
]
NOTES = [
    "<p>客户对价格敏感，下次拜访带上批量折扣方案。</p>",
    "<p>Decision maker is the plant manager; budget approved for Q3.</p>",
    "<p>客户提到竞争对手报价低10%。</p>",
    "<p>Follow up on the spare parts order after the trade fair.</p>",
]
CALLS = [
    "<p>电话沟通：确认交货地址。</p>", "<p>Call: discussed renewal of the maintenance contract.</p>",
]
TICKETS = [
    "设备无法启动", "Machine stops after 10 minutes", "发票金额错误", "Missing spare part in delivery",
    "Touch screen not responding", "需要上门维修", "Firmware update failed", "退货申请",
    "Request for training", "交货延迟投诉",
]
MEETINGS = ["拜访客户", "Quarterly business review", "产品演示", "Contract negotiation",
            "Site visit", "年度合作洽谈"]
LEADS = ["采购意向", "New production line", "设备升级项目", "Replacement of old pumps",
         "年度框架协议", "Warehouse automation"]
COMMENTS = ["服务很及时，谢谢！", "Great support, problem solved quickly.", "等待时间太长。",
            "The engineer was very competent.", "问题没有彻底解决。", ""]
