#include "PrivateFiles.h"

#include <QFile>
#include <QFileInfo>

#if defined(Q_OS_UNIX)
#include <sys/stat.h>
#endif

namespace switchyard::base {

namespace {

// Sets \a path's permissions to \a wanted if it exists and has any other bit; true if changed.
bool restrict(const QString &path, QFileDevice::Permissions wanted)
{
    const QFileInfo info(path);
    if (!info.exists() || info.isSymLink())
        return false;
    const QFileDevice::Permissions mask = QFileDevice::ReadOwner | QFileDevice::WriteOwner
        | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
        | QFileDevice::ExeOther;
    if ((info.permissions() & mask) == wanted)
        return false;
    return QFile::setPermissions(path, wanted | (info.permissions() & ~mask));
}

} // namespace

void PrivateFiles::restrictNewFiles()
{
#if defined(Q_OS_UNIX)
    ::umask(077);
#endif
}

QStringList PrivateFiles::tighten(const QString &dir, const QStringList &files)
{
    QStringList changed;
#if defined(Q_OS_UNIX)
    if (restrict(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        changed.append(dir);
    for (const QString &file : files) {
        if (restrict(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            changed.append(file);
    }
#else
    Q_UNUSED(dir);
    Q_UNUSED(files);
#endif
    return changed;
}

} // namespace switchyard::base
