#include "AppIcon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace switchyard::ui {

QIcon appIcon(const QColor &status)
{
    QIcon icon;
    for (const int size : { 16, 22, 24, 32, 48, 64, 128, 256 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal s = size;
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x2a, 0x44));
        p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22);

        QPen rail(QColor(0xe8, 0xee, 0xf7), std::max(1.5, s * 0.09), Qt::SolidLine, Qt::RoundCap);
        p.setPen(rail);
        QPainterPath path;
        path.moveTo(s * 0.22, s * 0.80);
        path.cubicTo(s * 0.22, s * 0.55, s * 0.50, s * 0.52, s * 0.50, s * 0.30);
        path.moveTo(s * 0.78, s * 0.80);
        path.cubicTo(s * 0.78, s * 0.55, s * 0.50, s * 0.52, s * 0.50, s * 0.30);
        p.drawPath(path);
        p.drawLine(QPointF(s * 0.50, s * 0.30), QPointF(s * 0.50, s * 0.16));

        p.setPen(Qt::NoPen);
        p.setBrush(status);
        const qreal r = s * 0.11;
        p.drawEllipse(QPointF(s * 0.78, s * 0.24), r, r);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace switchyard::ui
