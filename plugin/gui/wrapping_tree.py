"""A one-column tree whose texts wrap to its width and show in full, however narrow the dock."""

from __future__ import annotations

from qgis.PyQt.QtCore import QRect, QSize, Qt
from qgis.PyQt.QtGui import QFontMetrics
from qgis.PyQt.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget

MARGIN = 6
"""Pixels around a text inside its row."""


class WrappingDelegate(QStyledItemDelegate):
    """Draws the text wrapped and gives each row the height the wrapped text needs at the
    column's current width."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree

    def initStyleOption(self, option, index):
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.WrapText
        option.textElideMode = Qt.ElideNone

    def sizeHint(self, option, index):
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        width = self.text_width(index)
        text = index.data(Qt.DisplayRole) or ""
        bounds = QFontMetrics(options.font).boundingRect(
            QRect(0, 0, width, 1 << 20), Qt.TextWordWrap, text
        )
        return QSize(width, bounds.height() + MARGIN)

    def text_width(self, index) -> int:
        """The column's width less the indentation of the item's level and the style's margins."""
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        indentation = self.tree.indentation() * (depth + (1 if self.tree.rootIsDecorated() else 0))
        margins = 2 * (self.tree.style().pixelMetric(QStyle.PM_FocusFrameHMargin) + 1) + MARGIN
        return max(60, self.tree.columnWidth(0) - indentation - margins)


class WrappingTree(QTreeWidget):
    """QTreeWidget with one column of wrapped texts; rows are laid out again on every resize."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(1)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.header().setStretchLastSection(True)
        self.setItemDelegate(WrappingDelegate(self))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.doItemsLayout()
