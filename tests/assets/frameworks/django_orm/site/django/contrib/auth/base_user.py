from django.db import models


class BaseUserManager(models.Manager):
    def normalize_email(self, email):
        return email.lower()


class AbstractBaseUser(models.Model):
    """What every user model derives from."""

    def set_password(self, raw_password):
        self.password = raw_password
