#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace switchyard::cli {

/// A plain-text table for people: a header, rows, columns padded to their widest cell
/// (numeric columns right-aligned), two spaces between columns.
class TextTable final
{
public:
    enum class Align { Left, Right };

    /// Columns named \a header, aligned by \a align (default: left).
    explicit TextTable(QStringList header, QList<Align> align = {});

    /// A row, one cell per column.
    void addRow(const QStringList &cells);
    /// A separator line above the next row (e.g. before a total).
    void addRule();
    /// Columns at least \a widths wide, so rows printed later (follow mode) line up.
    void setMinimumWidths(const QList<qsizetype> &widths);

    /// Header, rows and trailing newline, UTF-8.
    QByteArray render() const;
    /// Only the header line, with the widths render() would use.
    QByteArray renderHeader() const;
    /// One row padded to the current widths (cells wider than their column push it on).
    QByteArray renderRow(const QStringList &cells) const;
    /// The width of each column: its widest cell or its minimum.
    QList<qsizetype> widths() const;

private:
    QString line(const QStringList &cells, const QList<qsizetype> &widths) const;

    QStringList m_header;
    QList<Align> m_align;
    QList<QStringList> m_rows; ///< an empty list is a rule
    QList<qsizetype> m_minimum;
};

} // namespace switchyard::cli
