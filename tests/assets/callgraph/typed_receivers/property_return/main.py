import logging


class App:
    @property
    def logger(self) -> logging.Logger:
        return logging.getLogger("app")

    def run(self):
        self.logger.info("running")


App().run()
