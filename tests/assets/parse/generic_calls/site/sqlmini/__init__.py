from sqlmini.coercions import expect as expect
from sqlmini.engine import Result as Result, ScalarResult as ScalarResult
from sqlmini.selectable import Select as Select, select as select
from sqlmini.session import Query as Query, Session as Session, sessionmaker as sessionmaker
