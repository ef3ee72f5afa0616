#include "PrometheusWriter.h"

#include <cmath>

namespace switchyard::telemetry {

namespace {

void appendEscaped(QByteArray &out, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    for (char c : utf8) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
}

} // namespace

void PrometheusWriter::family(QByteArrayView name, QByteArrayView type, QByteArrayView help)
{
    m_text += "# HELP ";
    m_text += name;
    m_text += ' ';
    m_text += help;
    m_text += "\n# TYPE ";
    m_text += name;
    m_text += ' ';
    m_text += type;
    m_text += '\n';
}

void PrometheusWriter::sample(QByteArrayView name, const Labels &labels, double value)
{
    sample(name, renderLabels(labels), value);
}

void PrometheusWriter::sample(QByteArrayView name, QByteArrayView renderedLabels, double value)
{
    m_text += name;
    m_text += renderedLabels;
    m_text += ' ';
    m_text += formatValue(value);
    m_text += '\n';
}

QByteArray PrometheusWriter::renderLabels(const Labels &labels)
{
    if (labels.isEmpty())
        return {};
    QByteArray out = "{";
    bool first = true;
    for (const auto &[key, value] : labels) {
        if (!first)
            out += ',';
        first = false;
        out += key;
        out += "=\"";
        appendEscaped(out, value);
        out += '"';
    }
    out += '}';
    return out;
}

QByteArray PrometheusWriter::formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', 12);
}

} // namespace switchyard::telemetry
