from django import template

from menaprogram.dates import month_and_year

register = template.Library()

register.filter("month_and_year", month_and_year)
