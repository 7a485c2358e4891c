"""A book for a regional mission with counterparts in every script, for the export tests.

Every name is fictional. Each counterpart has a Latin name and a name in their own script; the
native name also stands in the bio, a section's table and the schedule, so it is drawn in body
text, tables and the schedule; a section titled in three scripts (``SECTION_TITLE``) puts them
in a heading, the contents and the bookmarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain import Book, Meeting, Person, Section
from app.store import Store


@dataclass(frozen=True)
class Counterpart:
    script: str
    country: str
    name: str
    native: str
    # How a PDF text extractor gives the name back: "exact" (every word as typed, after NFKC),
    # "letters" (Indic and South-East Asian scripts: pre-base vowels and reph come out in the
    # order they are drawn, so each word's letters come back, in another order).
    readback: str = "exact"


WORLD: tuple[Counterpart, ...] = (
    Counterpart("Arabic", "Saudi Arabia", "Salman Abdulrahim Al-Fares", "سلمان عبد الرحيم الفارس"),
    Counterpart("Persian", "Iran", "Kamran Rezaei-Nejad", "کامران رضایی‌نژاد"),
    Counterpart("Urdu", "Pakistan", "Naveed Iqbal Chaudhry", "نوید اقبال چوہدری"),
    Counterpart("Hebrew", "Israel", "Noa Ben-David", "נועה בן־דוד"),
    Counterpart("Devanagari", "India", "Ananya Sharma", "अनन्या शर्मा", "letters"),
    Counterpart("Bengali", "Bangladesh", "Tanvir Hossain", "তানভীর হোসেন", "letters"),
    Counterpart("Tamil", "Sri Lanka", "Karthika Subramanian", "கார்த்திகா சுப்பிரமணியன்", "letters"),
    Counterpart("Sinhala", "Sri Lanka", "Nimali Perera", "නිමාලි පෙරේරා", "letters"),
    Counterpart("Thai", "Thailand", "Somchai Jaidee", "สมชาย ใจดี"),
    Counterpart("Lao", "Laos", "Somphone Keomany", "ສົມພອນ ແກ້ວມະນີ"),
    Counterpart("Khmer", "Cambodia", "Sok Vanna", "សុខ វណ្ណា", "letters"),
    Counterpart("Myanmar", "Myanmar", "Aung Kyaw Min", "အောင်ကျော်မင်း", "letters"),
    Counterpart("Georgian", "Georgia", "Nino Beridze", "ნინო ბერიძე"),
    Counterpart("Armenian", "Armenia", "Aram Petrosyan", "Արամ Պետրոսյան"),
    Counterpart("Ethiopic", "Ethiopia", "Selamawit Tesfaye", "ሰላማዊት ተስፋዬ"),
    Counterpart("Greek", "Greece", "Eleni Papadopoulou", "Ελένη Παπαδοπούλου"),
    Counterpart("Kazakh Cyrillic", "Kazakhstan", "Asel Konyrbayeva", "Әсел Нұрғалиқызы Қоңырбаева"),
    Counterpart("Mongolian Cyrillic", "Mongolia", "Batbayar Ölziisaikhan", "Өлзийсайхан Батбаяр"),
    Counterpart("Chinese (simplified)", "China", "Zhao Siyuan", "赵思远"),
    Counterpart("Chinese (traditional)", "Taiwan", "Chen Lihua", "陳麗華"),
    Counterpart("Japanese", "Japan", "Takahashi Sakura", "高橋さくら"),
    Counterpart("Korean", "Republic of Korea", "Park Seo-yeon", "박서연"),
    Counterpart("Vietnamese", "Viet Nam", "Nguyen Thi Thu Huong", "Nguyễn Thị Thu Hương"),
    Counterpart("Gujarati", "India", "Hetal Patel", "હેતલ પટેલ", "letters"),
    Counterpart("Gurmukhi", "India", "Harpreet Kaur", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "letters"),
    Counterpart("Telugu", "India", "Srinivas Reddy", "శ్రీనివాస్ రెడ్డి", "letters"),
    Counterpart("Kannada", "India", "Kavya Gowda", "ಕಾವ್ಯಾ ಗೌಡ", "letters"),
    Counterpart("Malayalam", "India", "Anu Mathew", "അനു മാത്യു", "letters"),
    Counterpart("Oriya", "India", "Subhash Mohanty", "ସୁଭାଷ ମହାନ୍ତି", "letters"),
    Counterpart("Thaana", "Maldives", "Aishath Shifa", "ޢާއިޝަތު ޝިފާ", "letters"),
    Counterpart("Tibetan (Dzongkha)", "Bhutan", "Tashi Wangmo", "བཀྲ་ཤིས་དབང་མོ", "letters"),
    Counterpart("Tifinagh", "Morocco", "Tiziri Amellal", "ⵜⵉⵣⵉⵔⵉ ⴰⵎⴻⵍⵍⴰⵍ"),
)

MIXED_LINE = "Talks with سلمان عبد الرحيم الفارس and 赵思远 on 12 March."
RTL_PARAGRAPH = "يلتقي الوفد مع سلمان عبد الرحيم الفارس في الرياض يوم 12 مارس مع John Smith."
TITLE = "Regional mission — مهمة إقليمية — 地区访问"
SECTION_TITLE = "Talks with 赵思远, سلمان الفارس and ნინო ბერიძე"


def add_world_book(store: Store) -> str:
    """Add the world-scripts book (every counterpart attached, one meeting each); its id."""
    with store.transaction():
        book = store.save_book(
            Book(
                title=TITLE,
                subtitle="Counterparts in their own scripts",
                destination="Riyadh · 北京 · თბილისი",
                start_date=date(2026, 12, 1),
                end_date=date(2026, 12, 9),
                marking="UNCLASSIFIED",
                prepared_by="Regional desk",
                organization="Trade Development Office",
                page_size="a4",
                timezone="Asia/Riyadh",
            )
        )
        table = "\n".join(
            ["| Script | Counterpart |", "|---|---|"]
            + [f"| {c.script} | {c.native} |" for c in WORLD]
        )
        store.save_section(
            Section(
                book_id=book.id,
                title="Situation",
                body=f"{MIXED_LINE}\n\n{RTL_PARAGRAPH}\n\n{table}\n",
                position=0,
            )
        )
        store.save_section(
            Section(book_id=book.id, title=SECTION_TITLE, body="Agenda to follow.", position=1)
        )
        for index, counterpart in enumerate(WORLD):
            person = store.save_person(
                Person(
                    name=counterpart.name,
                    native_name=counterpart.native,
                    title="Director General",
                    organization="Ministry of Trade",
                    country=counterpart.country,
                    bio=f"**{counterpart.native}** ({counterpart.name}) leads the trade file.",
                    last_verified=date(2026, 11, 1),
                )
            )
            store.attach_person(book.id, person.id, "Counterpart")
            day = 1 + index % 9
            store.save_meeting(
                Meeting(
                    book_id=book.id,
                    title=f"Call on {counterpart.native}",
                    start=datetime(2026, 12, day, 9 + index % 8),
                    end=datetime(2026, 12, day, 9 + index % 8, 45),
                    timezone="Asia/Riyadh",
                    location=counterpart.country,
                    participants=[person.id],
                )
            )
    return book.id
