import pytest


@pytest.fixture(autouse=True)
def fresh_data_version(settings):
    """Each request reads the data version: a test changes the data between two requests."""
    settings.PUBLIC_VERSION_SECONDS = 0
    yield
