import logging
from html.parser import HTMLParser
from pathlib import PurePosixPath


class JsonHandler(logging.Handler):
    # logging.Handler.emit declares record: LogRecord, which an override receives
    def emit(self, record):
        self.format(record).upper()
        return record.getMessage()


class LinkParser(HTMLParser):
    def handle_starttag(self, tag, attrs):  # tag: str by HTMLParser's stub
        return tag.lower()

    def feed_links(self, page):  # no base declares this method: page is unknown
        return page.strip()


class Route(PurePosixPath):
    def extra(self):
        return self.name

    def next_step(self):
        # with_suffix, inherited from the stubs' PurePath, returns Self: a Route
        return self.with_suffix(".py").extra()
