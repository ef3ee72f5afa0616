#include "TextTable.h"

using namespace Qt::StringLiterals;

namespace switchyard::cli {

TextTable::TextTable(QStringList header, QList<Align> align)
    : m_header(std::move(header)), m_align(std::move(align))
{
}

void TextTable::addRow(const QStringList &cells)
{
    m_rows.append(cells);
}

void TextTable::addRule()
{
    m_rows.append(QStringList());
}

void TextTable::setMinimumWidths(const QList<qsizetype> &widths)
{
    m_minimum = widths;
}

QList<qsizetype> TextTable::widths() const
{
    QList<qsizetype> widths(m_header.size(), 0);
    for (qsizetype i = 0; i < m_header.size(); ++i)
        widths[i] = std::max(m_header.at(i).size(), m_minimum.value(i, 0));
    for (const QStringList &row : m_rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    return widths;
}

QString TextTable::line(const QStringList &cells, const QList<qsizetype> &w) const
{
    QString out;
    for (qsizetype i = 0; i < w.size(); ++i) {
        const QString cell = cells.value(i);
        const bool last = i == w.size() - 1;
        if (m_align.value(i, Align::Left) == Align::Right)
            out += cell.rightJustified(w.at(i));
        else
            out += last ? cell : cell.leftJustified(w.at(i));
        if (!last)
            out += u"  "_s;
    }
    while (out.endsWith(u' '))
        out.chop(1);
    return out + u'\n';
}

QByteArray TextTable::renderHeader() const
{
    return line(m_header, widths()).toUtf8();
}

QByteArray TextTable::renderRow(const QStringList &cells) const
{
    return line(cells, widths()).toUtf8();
}

QByteArray TextTable::render() const
{
    const QList<qsizetype> w = widths();
    QString out = line(m_header, w);
    qsizetype total = 0;
    for (qsizetype width : w)
        total += width + 2;
    for (const QStringList &row : m_rows)
        out += row.isEmpty() ? QString(std::max<qsizetype>(total - 2, 0), u'-') + u'\n'
                             : line(row, w);
    return out.toUtf8();
}

} // namespace switchyard::cli
