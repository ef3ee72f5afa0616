#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace switchyard::telemetry {

/// Writes the Prometheus text exposition format (version 0.0.4): one HELP/TYPE header per
/// family, then its samples; label values escaped.
class PrometheusWriter final
{
public:
    using Labels = QList<std::pair<QByteArray, QString>>;

    void family(QByteArrayView name, QByteArrayView type, QByteArrayView help);
    void sample(QByteArrayView name, const Labels &labels, double value);
    /// A pre-rendered label set ("{a=\"b\"}" or empty).
    void sample(QByteArrayView name, QByteArrayView renderedLabels, double value);

    static QByteArray renderLabels(const Labels &labels);
    static QByteArray formatValue(double value);

    const QByteArray &text() const { return m_text; }

private:
    QByteArray m_text;
};

} // namespace switchyard::telemetry
