"""Fill the database with realistic, reproducible demo data for the 2022–2024 program and the
2025–2027 program started from it."""

import datetime
import random
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q, Sum

from activities import amendments, carryover
from activities.models import (
    Amendment,
    Event,
    ExpectedResult,
    Indicator,
    IndicatorValue,
    Participant,
    Program,
    Publication,
)
from activities.services import start_next_program
from budget.models import BudgetAllocation, Expense, Financing, FundingSource, ProgramFunding
from menaprogram.roles import ADMINISTRATOR
from partners.models import Agreement, Contact, Partner
from public.models import Withholding

PARTNERS_AT_SCALE_1 = 60
EVENTS_AT_SCALE_1 = 300
PARTICIPANTS_PER_EVENT = 5
EXPENSES_PER_EVENT = 10

# Partner cities by country: (nominative, genitive), so that names and titles are declined.
COUNTRIES = {
    "PL": [
        ("Тарнув", "Тарнува"),
        ("Ряшів", "Ряшева"),
        ("Люблін", "Любліна"),
        ("Замость", "Замостя"),
        ("Хелм", "Хелма"),
        ("Перемишль", "Перемишля"),
        ("Кросно", "Кросна"),
    ],
    "LT": [("Алітус", "Алітуса"), ("Шяуляй", "Шяуляя"), ("Паневежис", "Паневежиса")],
    "DE": [("Ейзенах", "Ейзенаха"), ("Гота", "Готи"), ("Веймар", "Веймара")],
    "BG": [("Ловеч", "Ловеча"), ("Габрово", "Габрова"), ("Плевен", "Плевена")],
    "CZ": [("Їглава", "Їглави"), ("Табор", "Табора")],
    "FR": [("Безансон", "Безансона"), ("Доль", "Доля")],
    "GE": [("Кутаїсі", "Кутаїсі"), ("Телаві", "Телаві")],
    "LV": [("Єлгава", "Єлгави"), ("Валмієра", "Валмієри")],
}
# A partner's name by its kind, from the city's nominative and genitive: a Polish community
# is a gmina; elsewhere a community is a city's self-government.
PARTNER_NAMES = {
    Partner.Kind.COMMUNITY: lambda country, nom, gen: (
        f"Гміна {nom}" if country == "PL" else f"Самоврядування {gen}"
    ),
    Partner.Kind.CITY: lambda country, nom, gen: f"Місто {nom}",
    Partner.Kind.FOUNDATION: lambda country, nom, gen: f"Фонд розвитку {gen}",
    Partner.Kind.ASSOCIATION: lambda country, nom, gen: f"Асоціація громад {gen}",
}
FIRST_NAMES = [
    "Олена",
    "Іван",
    "Марія",
    "Петро",
    "Ганна",
    "Юрій",
    "Оксана",
    "Андрій",
    "Ірина",
    "Тарас",
    "Наталія",
    "Богдан",
    "Світлана",
    "Ярослав",
    "Ґражина",
    "Єва",
]
LAST_NAMES = [
    "Коваленко",
    "Шевченко",
    "Бондар",
    "Ткаченко",
    "Кравець",
    "Олійник",
    "Мельник",
    "Гнатюк",
    "Ященко",
    "Литвин",
    "Нowak",
    "Kowalska",
    "Petrov",
    "Schmidt",
]
# Event titles name the partner's city in the genitive, after a noun or a preposition that
# governs it, so that every title is grammatical whatever the partner's kind.
EVENT_TITLES = {
    Event.Kind.INCOMING_DELEGATION: "Візит делегації з {city}",
    Event.Kind.OUTGOING_DELEGATION: "Візит делегації Менської громади до {city}",
    Event.Kind.YOUTH_EXCHANGE: "Молодіжний обмін з молоддю {city}",
    Event.Kind.SPORTS: "Спільний спортивний турнір з командою {city}",
    Event.Kind.CONFERENCE: "Семінар з представниками {city} щодо співпраці",
    Event.Kind.CULTURAL_EXCHANGE: "Культурний обмін з митцями {city}",
    Event.Kind.ONLINE_MEETING: "Онлайн-зустріч з представниками {city}",
    Event.Kind.AID_DELIVERY: "Доставка гуманітарної допомоги з {city}",
}
SETTLEMENTS = ["Макошине", "Березна", "Киселівка", "Стольне", "Семенівка", "Бірківка"]
COUNTERPARTIES = [
    "ТОВ «Менатранс»",
    "ФОП Гнатюк О. П.",
    "Готель «Десна»",
    "ПП «Сувенір-Сіверщина»",
    "ТОВ «Поліграф-Мена»",
    "КП «Менакомунпослуга»",
]
INDICATORS = [
    ("output", "Кількість проведених заходів", "од."),
    ("output", "Кількість учасників обмінів", "осіб"),
    ("output", "Кількість підписаних договорів про співпрацю", "од."),
    ("quality", "Частка молоді серед учасників обмінів", "%"),
    ("input", "Обсяг видатків на програму", "тис. грн"),
]
SPENDING_INDICATOR = "Обсяг видатків на програму"
# Financing arrives in quarterly transfers, on these days.
QUARTERS = [(1, 20), (4, 15), (7, 15), (10, 15)]
# The next program: its term, its approval per year, and how far its data goes (today is in
# its second year: events, allotments and expenses up to the end of November 2026).
NEXT_TERM = (2025, 2027)
NEXT_FUNDING = {2025: Decimal("350000"), 2026: Decimal("400000"), 2027: Decimal("400000")}
NEXT_EVENTS_AT_SCALE_1 = 60
NEXT_DATA_UNTIL = datetime.date(2026, 11, 30)
# The day an administrator recorded an expense above its category's allotment.
OVER_PLAN_ON = datetime.date(2026, 11, 20)
WHOLE = Decimal("1")
KOPECK = Decimal("0.01")


class Command(BaseCommand):
    help = (
        "Generate demo data for the 2022–2024 program: at --scale 1 about 60 partners, "
        "300 events, 1,500 participants and 3,000 expenses over the three years, with the "
        "year's allotments, quarterly financing and indicator values. The money keeps the "
        "rules: each year's allotments share out what the program approved, financing stays "
        "within the allotment, and expenses within what was financed in their category and "
        "year, so no year is spent above its approval."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply events, participants and expenses by N (1 or more; default 1). "
            "The money stays the program's: more expenses share the same amounts.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2022,
            help="Seed of the random choices: the same seed gives the same data (default 2022).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the existing partners, events, expenses, financing, allotments and "
            "demo indicators (and the 2025–2027 program) first; without it a database with "
            "events or partners is refused.",
        )
        parser.add_argument(
            "--without-next-program",
            dest="next_program",
            action="store_false",
            help="Leave out the 2025–2027 program (the benchmarks measure 2022–2024 alone).",
        )

    @transaction.atomic
    def handle(self, *args, scale, seed, replace, next_program=True, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        call_command("load_program", verbosity=0)
        program = Program.objects.get(start_year=2022, end_year=2024)
        if Event.objects.exists() or Partner.objects.exists():
            if not replace:
                raise CommandError("The database already has events or partners: use --replace.")
            self.clear(program)
        rng = random.Random(seed)
        partners = self.partners(rng)
        events = self.events(rng, program, partners, scale)
        self.participants(rng, events)
        self.money(rng, program, events)
        self.indicators(rng, program)
        self.publications(rng, program, events)
        if next_program:
            self.next_program(rng, program, partners, scale)
        self.analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data at scale {scale}: {len(partners)} partners, "
                f"{Event.objects.count()} events, {Participant.objects.count()} participants, "
                f"{Expense.objects.count()} expenses"
                + (" (2025–2027 included)." if next_program else ".")
            )
        )

    def analyze(self):
        """Statistics for the planner on the rows just written.

        Tens of thousands of rows arrive at once; until autovacuum comes round (never, on a
        server where it is off) the planner takes the tables for nearly empty and joins the
        expense list row by row: 0.5 s instead of 20 ms at scale 30 (bench/load.py).
        """
        tables = [
            model._meta.db_table
            for model in (Partner, Agreement, Contact, Event, Participant, Expense, Financing)
        ] + [Event.partners.through._meta.db_table, BudgetAllocation._meta.db_table]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'ANALYZE "{table}"')

    def clear(self, program):
        Expense.objects.all().delete()
        Financing.objects.all().delete()
        BudgetAllocation.objects.all().delete()
        Publication.objects.all().delete()
        Event.objects.all().delete()
        Agreement.objects.all().delete()
        Partner.objects.all().delete()
        Indicator.objects.filter(program=program).delete()
        # Its indicators and amendments first: they hold on to the program, its results and
        # directions (PROTECT).
        next_program = Program.objects.filter(start_year=NEXT_TERM[0], end_year=NEXT_TERM[1])
        Indicator.objects.filter(program__in=next_program).delete()
        Amendment.objects.filter(program__in=next_program).delete()
        next_program.delete()
        Program.objects.filter(pk=program.pk).update(status=Program.Status.ACTIVE)

    def next_program(self, rng, program, partners, scale):
        """2025–2027, started from 2022–2024 with everything carried over and in force;
        2022–2024 completed. Events, allotments, financing and expenses until November 2026."""
        start, end = NEXT_TERM
        old_term = f"{program.start_year}-{program.end_year}"
        new, _ = start_next_program(
            source=program,
            title=program.title.replace(old_term, f"{start}-{end}"),
            short_title=program.short_title.replace(
                f"{program.start_year}–{program.end_year}", f"{start}–{end}"
            ),
            start_year=start,
            end_year=end,
            decision_title=(
                "Про затвердження Програми розвитку міжнародного співробітництва та "
                f"партнерства Менської міської територіальної громади на {start}-{end} роки"
            ),
            decision_number="4567",
            decision_date=datetime.date(2024, 12, 20),
            parts=[part.slug for part in carryover.parts()],
        )
        new.decision_session = program.decision_session
        new.decision_convocation = program.decision_convocation
        new.status = Program.Status.ACTIVE
        new.save()
        Program.objects.filter(pk=program.pk).update(status=Program.Status.COMPLETED)
        source = FundingSource.objects.get(code="community_budget")
        ProgramFunding.objects.bulk_create(
            ProgramFunding(program=new, year=year, source=source, amount=amount)
            for year, amount in NEXT_FUNDING.items()
        )
        first = datetime.date(start, 1, 1)
        events = self.events(
            rng,
            new,
            partners,
            scale,
            count=NEXT_EVENTS_AT_SCALE_1,
            first=first,
            days=(NEXT_DATA_UNTIL - first).days,
            held_before=datetime.date(2026, 10, 1),
        )
        self.participants(rng, events)
        self.money(rng, new, events, years=range(start, NEXT_DATA_UNTIL.year + 1))
        self.over_the_plan(new, source)
        self.indicators(rng, new, facts_until=start)
        self.publications(rng, new, events)
        self.amendment(new, source)
        self.withholding(new)

    def over_the_plan(self, program, source):
        """One expense an administrator recorded above its category's allotment, with the
        reason, as the spending limit lets them: «spending over the plan» shows on a fresh
        install. The category nearest its allotment, by at most half of what the year's
        financing leaves unspent, so that the year stays within what was financed."""
        year = OVER_PLAN_ON.year

        def by_category(model, **lookups):
            rows = model.objects.filter(category__program=program, **lookups).order_by()
            return dict(rows.values_list("category_id").annotate(total=Sum("amount")))

        allotted = by_category(BudgetAllocation, year=year)
        financed = by_category(Financing, date__year=year)
        spent = by_category(Expense, date__year=year)
        category_id = min(allotted, key=lambda pk: (allotted[pk] - spent.get(pk, 0), pk))
        needed = allotted[category_id] - spent.get(category_id, 0)
        room = sum(financed.values()) - sum(spent.values()) - needed
        beyond = min(Decimal("2500"), room / 2).quantize(WHOLE, ROUND_DOWN)
        if beyond < 1:
            return
        Expense.objects.create(
            category_id=category_id,
            source=source,
            date=OVER_PLAN_ON,
            amount=needed + beyond,
            counterparty=COUNTERPARTIES[0],
            document_number="118/11",
            note="Проживання делегації, продовжене через скасований рейс",
            over_limit_reason=(
                "Рейс делегації скасовано, проживання оплачено ще за дві ночі; зміни до "
                "призначень подано на сесію."
            ),
        )

    def amendment(self, program, source):
        """One adopted amendment, so that the history, the versions in force and the
        documents' «зі змінами» line show on a fresh install: 2026's funding raised."""
        draft = Amendment.objects.create(
            program=program,
            status=Amendment.Status.DRAFT,
            title=f"Про внесення змін до {program.title_genitive}",
        )
        amendments.add_change(
            amendment=draft,
            kind="funding",
            target={"year": 2026, "source": source.pk},
            new=str(NEXT_FUNDING[2026] + Decimal("50000.00")),
        )
        amendments.adopt(
            amendment=draft,
            decision_number="5/12",
            decision_date=datetime.date(2026, 2, 26),
            act_kind=Amendment.ActKind.COUNCIL_DECISION,
            adopted_by="Менська міська рада",
            effective_date=datetime.date(2026, 3, 1),
        )

    def withholding(self, program):
        """One trip abroad kept off the public site under martial law, its review date come,
        so that the register and the «review the withholding» reminder show on a fresh
        install. Withheld by the first administrator; without one (no user yet) none."""
        administrator = (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=ADMINISTRATOR), is_active=True)
            .order_by("pk")
            .first()
        )
        trip = (
            Event.objects.filter(
                program=program,
                kind=Event.Kind.OUTGOING_DELEGATION,
                status=Event.Status.HELD,
                start_date__year=2026,
            )
            .order_by("-pk")
            .first()
        )
        if administrator is None or trip is None:
            return
        Withholding.objects.create(
            event=trip,
            reason="Поїздка делегації за кордон в умовах воєнного стану.",
            protected_interest="Безпека людей і національна безпека.",
            harm="Оприлюднення складу делегації та маршруту наражає учасників на небезпеку.",
            balance="Життя і безпека людей важать більше, ніж знати подробиці поїздки зараз; "
            "загальні суми й кількість поїздок оприлюднено.",
            since=trip.end_date,
            review_on=datetime.date(2026, 12, 1),
            withheld_by=administrator,
        )

    def partners(self, rng):
        partners = []
        kinds = list(PARTNER_NAMES)
        for index in range(PARTNERS_AT_SCALE_1):
            country = rng.choice(list(COUNTRIES))
            city, city_genitive = rng.choice(COUNTRIES[country])
            kind = kinds[index % len(kinds)]
            name = PARTNER_NAMES[kind](country, city, city_genitive)
            partners.append(
                Partner(
                    kind=kind,
                    # The number keeps names unique: several partners share a city.
                    name_uk=f"{name} №{index + 1}",
                    name_original=f"{city} {index + 1}",
                    country=country,
                    region=city,
                    status=rng.choice([Partner.Status.ACTIVE] * 4 + [Partner.Status.SUSPENDED]),
                )
            )
            partners[-1].city_genitive = city_genitive
        partners = Partner.objects.bulk_create(partners)
        Contact.objects.bulk_create(
            Contact(
                partner=partner,
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                position="координатор співпраці",
                email=f"contact{partner.pk}@example.org",
                last_contacted_on=datetime.date(2022, 1, 1)
                + datetime.timedelta(days=rng.randrange(3 * 365)),
            )
            for partner in partners
        )
        Agreement.objects.bulk_create(
            Agreement(
                partner=partner,
                number=f"{index + 1}/МС",
                # The name stays in the nominative, in quotes after the noun that governs it.
                title=f"Договір про співпрацю з партнером «{partner.name_uk}»",
                signed_on=(
                    signed := datetime.date(2022, 1, 1)
                    + datetime.timedelta(days=rng.randrange(700))
                ),
                valid_until=signed + datetime.timedelta(days=365 * rng.choice([2, 3, 5])),
                signatories="Міський голова; керівник громади-партнера",
            )
            for index, partner in enumerate(partners)
            if index % 3 != 2
        )
        return partners

    def events(
        self,
        rng,
        program,
        partners,
        scale,
        count=EVENTS_AT_SCALE_1,
        first=datetime.date(2022, 1, 1),
        days=3 * 365,
        held_before=datetime.date(2024, 10, 1),
    ):
        directions = list(program.directions.all())
        events = []
        for _ in range(count * scale):
            partner = rng.choice(partners)
            kind = rng.choice(list(EVENT_TITLES))
            start = first + datetime.timedelta(days=rng.randrange(days))
            place = {
                Event.Kind.OUTGOING_DELEGATION: Event.Place.ABROAD,
                Event.Kind.ONLINE_MEETING: Event.Place.ONLINE,
            }.get(kind, rng.choice([Event.Place.MENA, Event.Place.SETTLEMENT]))
            events.append(
                Event(
                    program=program,
                    title=EVENT_TITLES[kind].format(city=partner.city_genitive),
                    kind=kind,
                    status=rng.choice([Event.Status.HELD] * 5 + [Event.Status.CANCELLED])
                    if start < held_before
                    else Event.Status.PLANNED,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randrange(4)),
                    place=place,
                    settlement=rng.choice(SETTLEMENTS) if place == Event.Place.SETTLEMENT else "",
                    country=partner.country if place == Event.Place.ABROAD else "",
                    city=partner.region if place == Event.Place.ABROAD else "",
                    department=program.responsible_executor,
                    outcome="Домовлено про наступні кроки співпраці.",
                )
            )
            events[-1].demo_partner = partner
        events = Event.objects.bulk_create(events)
        Event.partners.through.objects.bulk_create(
            Event.partners.through(event=event, partner=event.demo_partner) for event in events
        )
        Event.directions.through.objects.bulk_create(
            Event.directions.through(event=event, direction=direction)
            for event in events
            for direction in rng.sample(directions, rng.randint(1, 3))
        )
        return events

    def participants(self, rng, events):
        Participant.objects.bulk_create(
            Participant(
                event=event,
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                side=rng.choice(list(Participant.Side)),
                role=rng.choice(["депутат", "староста", "учень", "тренер", "спеціаліст"]),
                is_youth=rng.random() < 0.3,
            )
            for event in events
            for _ in range(PARTICIPANTS_PER_EVENT)
        )

    def money(self, rng, program, events, years=None):
        """Allotments, quarterly financing and expenses that keep the spending limit.

        Each year's approval is shared out over the categories (whole hryvnias, rounded down);
        each category is financed 85–100 % of its allotment in four quarterly transfers; the
        expenses are drawn as before and then scaled, in each category and year, to 88–99 %
        of what was financed (kopecks rounded down), so that no sum passes its limit and
        each year is spent at 75–99 % of its approval whatever the scale.
        """
        source = FundingSource.objects.get(code="community_budget")
        categories = list(program.categories.order_by("number"))
        allotted = {}
        approved = program.funding.filter(source=source).order_by("year")
        if years is not None:
            approved = approved.filter(year__in=years)
        for funding in approved:
            # Allot the approved amount over the categories in uneven shares.
            weights = [rng.randint(1, 5) for _ in categories]
            for category, weight in zip(categories, weights, strict=True):
                share = (funding.amount * weight / sum(weights)).quantize(WHOLE, ROUND_DOWN)
                allotted[category, funding.year] = share
            # The hryvnias rounded off go to the last category: a budget decision allots the
            # whole approved amount (the reminders take a year allotted short as news).
            rest = funding.amount - sum(allotted[c, funding.year] for c in categories)
            allotted[categories[-1], funding.year] += rest
        BudgetAllocation.objects.bulk_create(
            BudgetAllocation(
                category=category,
                year=year,
                source=source,
                amount=amount,
                decision="Рішення сесії про бюджет громади",
            )
            for (category, year), amount in allotted.items()
        )
        financed = {}
        transfers = []
        for (category, year), amount in allotted.items():
            total = (amount * Decimal(rng.randint(85, 100)) / 100).quantize(WHOLE, ROUND_DOWN)
            financed[category, year] = total
            quarters = [(total / 4).quantize(WHOLE, ROUND_DOWN)] * 3
            quarters.append(total - sum(quarters))
            transfers.extend(
                Financing(
                    category=category,
                    source=source,
                    date=datetime.date(year, month, day),
                    amount=part,
                    document_number=f"{quarter + 1}/{year}-{category.number}",
                    note=f"Перерахування за {quarter + 1} квартал",
                )
                for quarter, ((month, day), part) in enumerate(zip(QUARTERS, quarters, strict=True))
            )
        Financing.objects.bulk_create(transfers)
        expenses = [
            Expense(
                category=rng.choice(categories),
                source=source,
                date=event.start_date,
                amount=Decimal(rng.randrange(500, 55_000)) / 100,
                event=event if rng.random() < 0.85 else None,
                counterparty=rng.choice(COUNTERPARTIES),
                document_number=f"{rng.randrange(1, 999)}/{event.start_date:%m}",
            )
            for event in events
            for _ in range(EXPENSES_PER_EVENT)
        ]
        drawn = defaultdict(Decimal)
        for expense in expenses:
            drawn[expense.category, expense.date.year] += expense.amount
        scale = {
            cell: financed.get(cell, 0) * Decimal(rng.randint(88, 99)) / 100 / sum_
            for cell, sum_ in drawn.items()
        }
        kept = []
        for expense in expenses:
            amount = (expense.amount * scale[expense.category, expense.date.year]).quantize(
                KOPECK, ROUND_DOWN
            )
            if amount > 0:
                expense.amount = amount
                kept.append(expense)
        Expense.objects.bulk_create(kept)

    def indicators(self, rng, program, facts_until=None):
        """Targets and actuals per year: whole numbers for counts (од., осіб), the money
        indicator from the year's approval and spending, in thousands. Years after
        `facts_until` (the program's last year if None) have targets only."""
        facts_until = facts_until or program.end_year
        results = list(ExpectedResult.objects.filter(program=program))
        for index, (kind, name, unit) in enumerate(INDICATORS):
            indicator, _ = Indicator.objects.get_or_create(
                program=program,
                name=name,
                defaults={"kind": kind, "unit": unit, "expected_result": results[index]},
            )
            for year in program.years:
                target = Decimal(rng.randrange(10, 100))
                actual = target * Decimal(rng.randrange(60, 120)) / 100
                if name == SPENDING_INDICATOR:
                    target = sum(f.amount for f in program.funding.filter(year=year)) / 1000
                    spent = Expense.objects.for_program(program).in_year(year)
                    actual = sum(spent.values_list("amount", flat=True), Decimal(0)) / 1000
                precision = WHOLE if indicator.counts_whole else KOPECK
                actual = actual.quantize(precision)
                # A third of the last year's facts not entered yet, for the reminders to find.
                if year == facts_until and index % 3 == 0 or year > facts_until:
                    actual = None
                IndicatorValue.objects.update_or_create(
                    indicator=indicator,
                    year=year,
                    defaults={"target": target.quantize(precision), "actual": actual},
                )

    def publications(self, rng, program, events):
        Publication.objects.bulk_create(
            Publication(
                program=program,
                event=event,
                channel=rng.choice(list(Publication.Channel)),
                title=f"Про захід «{event.title}»",
                published_on=event.end_date,
                url=f"https://example.org/news/{event.pk}",
            )
            for event in events
            if event.status == Event.Status.HELD and rng.random() < 0.4
        )
