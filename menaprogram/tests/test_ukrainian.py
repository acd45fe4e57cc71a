from menaprogram.ukrainian import genitive_of_title, sort_key


def test_ukrainian_letters_sort_in_the_alphabets_order():
    names = ["Їжак", "Євген", "Іван", "Ґанок", "Игор", "Гриша", "Дмитро", "Антон", "Яків"]
    assert sorted(names, key=sort_key) == [
        "Антон",
        "Гриша",
        "Ґанок",
        "Дмитро",
        "Євген",
        "Игор",
        "Іван",
        "Їжак",
        "Яків",
    ]


def test_case_does_not_change_the_order_and_latin_names_come_after_cyrillic():
    assert sorted(["бета", "Альфа", "Alpha", "альфа"], key=sort_key) == [
        "Альфа",
        "альфа",
        "бета",
        "Alpha",
    ]


def test_apostrophe_is_ignored_in_sorting():
    assert sorted(["м’ята", "мя", "мс"], key=sort_key) == ["мс", "мя", "м’ята"]


def test_program_title_takes_the_genitive():
    title = "Програма розвитку міжнародного співробітництва та партнерства на 2022-2024 роки"
    assert genitive_of_title(title) == (
        "Програми розвитку міжнародного співробітництва та партнерства на 2022-2024 роки"
    )


def test_adjectives_before_program_decline_with_it():
    assert genitive_of_title("Комплексна програма розвитку") == "Комплексної програми розвитку"
    assert genitive_of_title("Міська цільова програма") == "Міської цільової програми"
    assert genitive_of_title("Середня програма") == "Середньої програми"


def test_a_title_without_the_word_program_is_left_as_it_is():
    assert genitive_of_title("Стратегія розвитку громади") == "Стратегія розвитку громади"
