"""The login window: offline against the local accounts (argon2 check off the UI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core.errors import BkkError
from bkkdesk.ui.tasks import TaskManager

if TYPE_CHECKING:  # the store is opened by the app on the worker thread
    from bkkdesk.db.store import Store
    from bkkdesk.db.users import UserInfo


class LoginWindow(QWidget):
    """Username, password, a Thai message when it fails; emits ``loggedIn(UserInfo)``."""

    loggedIn = Signal(object)

    def __init__(self, tasks: TaskManager, *, lang: str = "th", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("loginWindow")
        self.tasks = tasks
        self.lang = lang
        self.store: Store | None = None
        self.setWindowTitle(self.tr("bkkdesk — log in"))
        self.title = QLabel(self.tr("District data entry"))
        self.title.setObjectName("loginTitle")
        big = self.title.font()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.title.setFont(big)
        self.subtitle = QLabel(self.tr("Bangkok Metropolitan Administration"))
        self.district = QLabel(self.tr("Opening the database…"))
        self.district.setObjectName("loginDistrict")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("user name"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("password"))
        self.button = QPushButton(self.tr("Log in"))
        self.button.setObjectName("loginButton")
        self.button.setDefault(True)
        self.button.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.note = QLabel(
            self.tr("Works without a network: records are kept on this PC and sent to the "
                    "central server when it can be reached.")
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        self.hint = QLabel()  # e.g. the demo's accounts; hidden unless set
        self.hint.setObjectName("loginHint")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setStyleSheet("background: #eef5ff; border: 1px solid #9bbce0; padding: 6px;")
        self.hint.setVisible(False)

        card = QFrame()
        card.setObjectName("loginCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(460)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addWidget(self.district)
        inner.addSpacing(8)
        inner.addLayout(form)
        inner.addWidget(self.button)
        inner.addWidget(self.message)
        inner.addWidget(self.note)
        inner.addWidget(self.hint)
        # No alignment flag: an aligned widget gets its size hint, which ignores the
        # height the word-wrapped labels need, and the inputs were squeezed.
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        self.resize(1366, 768)

        self.button.clicked.connect(self.attempt)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.attempt)
        self._busy = False
        self.online = False

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def set_store(self, store: Store, district_text: str, *, online: bool = False) -> None:
        """Ready to log in; ``online``: the PC is enrolled, so ask the server first."""
        self.store = store
        self.online = online
        self.district.setText(district_text)
        self.button.setEnabled(True)
        if not self.username.text():
            self.username.setFocus()
        else:
            self.password.setFocus()

    def set_failed(self, text: str) -> None:
        self.district.setText(text)
        self.district.setStyleSheet("color: #b00020;")

    def attempt(self) -> None:
        if self.store is None or self._busy:
            return
        name = self.username.text().strip()
        password = self.password.text()
        if not name or not password:
            self.message.setText(self.tr("Type your user name and password."))
            return
        self._busy = True
        self.button.setEnabled(False)
        self.message.setStyleSheet("color: #666;")
        self.message.setText(self.tr("Checking…"))
        store = self.store
        if self.online:
            from bkkdesk.sync.enrollment import login

            self.tasks.run(lambda: login(store, name, password)[0], self._ok, self._bad)
        else:
            self.tasks.run(lambda: store.users.authenticate(name, password), self._ok, self._bad)

    def _ok(self, user: UserInfo) -> None:
        self._busy = False
        self.button.setEnabled(True)
        self.message.setText("")
        self.password.clear()
        self.loggedIn.emit(user)

    def _bad(self, exc: BaseException) -> None:
        self._busy = False
        self.button.setEnabled(True)
        self.message.setStyleSheet("color: #b00020;")
        if isinstance(exc, BkkError):
            self.message.setText(exc.en if self.lang == "en" else exc.th)
        else:
            self.message.setText(self.tr("Could not log in: %1").replace("%1", str(exc)))
        self.password.selectAll()
        self.password.setFocus()
