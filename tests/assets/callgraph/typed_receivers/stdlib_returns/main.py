import logging
import os.path


def setup(path):
    logger = logging.getLogger(__name__)
    logger.setLevel(logging.INFO)
    return os.path.basename(path).lower()


setup("a/b")
