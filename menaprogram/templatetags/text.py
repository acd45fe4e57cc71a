from django import template

from menaprogram.text import shortened

register = template.Library()

register.filter("shortened", shortened)
