from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager


class UserManager(BaseUserManager):
    def create_user(self, username, password=None):
        user = self.model(username=username)
        user.set_password(password)
        user.save()
        return user


class AbstractUser(AbstractBaseUser):
    objects = UserManager()

    def get_full_name(self):
        return self.username


class User(AbstractUser):
    """Django's default user model (AUTH_USER_MODEL = "auth.User")."""


class AnonymousUser:
    """request.user where nobody is logged in."""

    def get_full_name(self):
        return ""
