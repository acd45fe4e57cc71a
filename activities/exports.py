"""Files of activities' records that are exported but not imported: publications."""

from import_export import fields, resources, widgets

from activities.models import Publication
from menaprogram.importer.widgets import ChoicesWidget, DateWidget


class PublicationResource(resources.Resource):
    """The publication list as a file; export only, publications are entered one by one."""

    id = fields.Field("id", "ID", widget=widgets.IntegerWidget())
    published_on = fields.Field("published_on", "Дата публікації", widget=DateWidget())
    channel = fields.Field("channel", "Канал", widget=ChoicesWidget(Publication.Channel))
    title = fields.Field("title", "Назва")
    url = fields.Field("url", "Посилання")
    event = fields.Field("event", "Захід")
    note = fields.Field("note", "Примітка")

    def dehydrate_event(self, publication):
        # `Title (15.03.2024)`, the way the expense and participant files name an event.
        return str(publication.event) if publication.event_id else ""
