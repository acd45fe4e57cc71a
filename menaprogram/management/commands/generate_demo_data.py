"""Fill the database with realistic, reproducible demo data for the 2022–2024 program."""

import datetime
import random
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from activities.models import (
    Event,
    ExpectedResult,
    Indicator,
    IndicatorValue,
    Participant,
    Program,
    Publication,
)
from budget.models import BudgetAllocation, Expense, FundingSource
from partners.models import Agreement, Contact, Partner

PARTNERS_AT_SCALE_1 = 60
EVENTS_AT_SCALE_1 = 300
PARTICIPANTS_PER_EVENT = 5
EXPENSES_PER_EVENT = 10

COUNTRIES = {
    "PL": ["Тарнув", "Ряшів", "Люблін", "Замость", "Хелм", "Перемишль", "Кросно"],
    "LT": ["Алітус", "Шяуляй", "Паневежис"],
    "DE": ["Ейзенах", "Гота", "Веймар"],
    "BG": ["Ловеч", "Габрово", "Плевен"],
    "CZ": ["Їглава", "Табор"],
    "FR": ["Безансон", "Доль"],
    "GE": ["Кутаїсі", "Телаві"],
    "LV": ["Єлгава", "Валмієра"],
}
KIND_PREFIX = {
    Partner.Kind.COMMUNITY: "Гміна",
    Partner.Kind.CITY: "Місто",
    Partner.Kind.FOUNDATION: "Фонд розвитку",
    Partner.Kind.ASSOCIATION: "Асоціація громад",
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
EVENT_TITLES = {
    Event.Kind.INCOMING_DELEGATION: "Візит делегації {partner}",
    Event.Kind.OUTGOING_DELEGATION: "Візит делегації Менської громади до {city}",
    Event.Kind.YOUTH_EXCHANGE: "Молодіжний обмін з {partner}",
    Event.Kind.SPORTS: "Спільний турнір з {partner}",
    Event.Kind.CONFERENCE: "Семінар з {partner} щодо співпраці",
    Event.Kind.CULTURAL_EXCHANGE: "Культурний обмін з {partner}",
    Event.Kind.ONLINE_MEETING: "Онлайн-зустріч з {partner}",
    Event.Kind.AID_DELIVERY: "Доставка гуманітарної допомоги від {partner}",
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


class Command(BaseCommand):
    help = (
        "Generate demo data for the 2022–2024 program: at --scale 1 about 60 partners, "
        "300 events, 1,500 participants and 3,000 expenses over the three years; --scale N "
        "multiplies events, participants and expenses by N. The same --seed gives the same "
        "data. --replace deletes the existing partners, events, expenses and allocations first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument("--replace", action="store_true")

    @transaction.atomic
    def handle(self, *args, scale, seed, replace, **options):
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data at scale {scale}: {len(partners)} partners, {len(events)} events, "
                f"{Participant.objects.count()} participants, {Expense.objects.count()} expenses."
            )
        )

    def clear(self, program):
        Expense.objects.all().delete()
        BudgetAllocation.objects.all().delete()
        Publication.objects.all().delete()
        Event.objects.all().delete()
        Agreement.objects.all().delete()
        Partner.objects.all().delete()
        Indicator.objects.filter(program=program).delete()

    def partners(self, rng):
        partners = []
        kinds = list(KIND_PREFIX)
        for index in range(PARTNERS_AT_SCALE_1):
            country = rng.choice(list(COUNTRIES))
            city = rng.choice(COUNTRIES[country])
            kind = kinds[index % len(kinds)]
            partners.append(
                Partner(
                    kind=kind,
                    name_uk=f"{KIND_PREFIX[kind]} {city} №{index + 1}",
                    name_original=f"{city} {index + 1}",
                    country=country,
                    region=city,
                    status=rng.choice([Partner.Status.ACTIVE] * 4 + [Partner.Status.SUSPENDED]),
                )
            )
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
                title=f"Договір про співпрацю з {partner.name_uk}",
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

    def events(self, rng, program, partners, scale):
        directions = list(program.directions.all())
        events = []
        for _ in range(EVENTS_AT_SCALE_1 * scale):
            partner = rng.choice(partners)
            kind = rng.choice(list(EVENT_TITLES))
            start = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
            place = {
                Event.Kind.OUTGOING_DELEGATION: Event.Place.ABROAD,
                Event.Kind.ONLINE_MEETING: Event.Place.ONLINE,
            }.get(kind, rng.choice([Event.Place.MENA, Event.Place.SETTLEMENT]))
            events.append(
                Event(
                    program=program,
                    title=EVENT_TITLES[kind].format(partner=partner.name_uk, city=partner.region),
                    kind=kind,
                    status=rng.choice([Event.Status.HELD] * 5 + [Event.Status.CANCELLED])
                    if start < datetime.date(2024, 10, 1)
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

    def money(self, rng, program, events):
        source = FundingSource.objects.get(code="community_budget")
        categories = list(program.categories.all())
        for funding in program.funding.filter(source=source):
            # Allot the approved amount over the categories in uneven shares.
            weights = [rng.randint(1, 5) for _ in categories]
            BudgetAllocation.objects.bulk_create(
                BudgetAllocation(
                    category=category,
                    year=funding.year,
                    source=source,
                    amount=(funding.amount * weight / sum(weights)).quantize(Decimal("1")),
                    decision="Рішення сесії про бюджет громади",
                )
                for category, weight in zip(categories, weights, strict=True)
            )
        Expense.objects.bulk_create(
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
        )

    def indicators(self, rng, program):
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
                # A third of the last year's facts not entered yet, for the reminders to find.
                if year == program.end_year and index % 3 == 0:
                    actual = None
                IndicatorValue.objects.update_or_create(
                    indicator=indicator,
                    year=year,
                    defaults={"target": target, "actual": actual},
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
