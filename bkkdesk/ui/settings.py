"""User settings (typed, declared once) and the settings dialog.

Kept in ``ui-settings.ini`` in the data directory (so a test's temporary data dir has
its own), read once at start. IT settings (server, proxy, CA bundle) are shown to the
admin role only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

DEFAULT_FONT_PT = 11
MIN_FONT_PT = 9
MAX_FONT_PT = 20
SETTINGS_VERSION = 1


@dataclass
class Settings:
    """Every setting of the desktop app with its default."""

    font_size: int = DEFAULT_FONT_PT
    language: str = "th"  # th | en
    server_url: str = ""
    proxy: str = ""
    ca_bundle: str = ""
    last_dataset: str = ""


class AppSettings:
    """Load and save :class:`Settings` in an ini file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        self.values = self._load()

    def _load(self) -> Settings:
        s = Settings()
        qs = self._qs
        try:
            size = int(str(qs.value("ui/font_size", DEFAULT_FONT_PT)))
        except ValueError:
            size = DEFAULT_FONT_PT
        s.font_size = min(MAX_FONT_PT, max(MIN_FONT_PT, size))
        lang = str(qs.value("ui/language", "th"))
        s.language = lang if lang in ("th", "en") else "th"
        s.server_url = str(qs.value("it/server_url", ""))
        s.proxy = str(qs.value("it/proxy", ""))
        s.ca_bundle = str(qs.value("it/ca_bundle", ""))
        s.last_dataset = str(qs.value("ui/last_dataset", ""))
        return s

    def save(self) -> None:
        v = self.values
        qs = self._qs
        qs.setValue("version", SETTINGS_VERSION)
        qs.setValue("ui/font_size", v.font_size)
        qs.setValue("ui/language", v.language)
        qs.setValue("ui/last_dataset", v.last_dataset)
        qs.setValue("it/server_url", v.server_url)
        qs.setValue("it/proxy", v.proxy)
        qs.setValue("it/ca_bundle", v.ca_bundle)
        qs.sync()


class SettingsDialog(QDialog):
    """Font size and language for everyone; IT settings for admins."""

    def __init__(self, settings: Settings, *, admin: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.font_size = QSpinBox()
        self.font_size.setRange(MIN_FONT_PT, MAX_FONT_PT)
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setValue(settings.font_size)
        self.language = QComboBox()
        self.language.addItem("ไทย", "th")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if settings.language == "th" else 1)
        general = QGroupBox(self.tr("Display"))
        gf = QFormLayout(general)
        gf.addRow(self.tr("Font size"), self.font_size)
        gf.addRow(self.tr("Language"), self.language)
        note = QLabel(self.tr("A new language or font size applies after the next start."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        gf.addRow(note)

        self.it_box = QGroupBox(self.tr("IT settings"))
        self.server_url = QLineEdit(settings.server_url)
        self.server_url.setPlaceholderText("https://bkkdesk.bangkok.go.th")
        self.proxy = QLineEdit(settings.proxy)
        self.proxy.setPlaceholderText("http://proxy:8080")
        self.ca_bundle = QLineEdit(settings.ca_bundle)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        itf = QFormLayout(self.it_box)
        itf.addRow(self.tr("Server address"), self.server_url)
        itf.addRow(self.tr("Proxy"), self.proxy)
        itf.addRow(self.tr("CA bundle"), ca_row)
        self.it_box.setVisible(admin)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addWidget(self.it_box)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA bundle"), "", self.tr("Certificates (*.pem *.crt);;All files (*)")
        )
        if path:
            self.ca_bundle.setText(path)

    def apply(self) -> None:
        s = self.settings
        s.font_size = self.font_size.value()
        s.language = str(self.language.currentData())
        if self.it_box.isVisibleTo(self):
            s.server_url = self.server_url.text().strip()
            s.proxy = self.proxy.text().strip()
            s.ca_bundle = self.ca_bundle.text().strip()
