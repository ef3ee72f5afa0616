#include "SystemRandom.h"

#include <QRandomGenerator>

namespace switchyard::routing {

double SystemRandom::uniform()
{
    return QRandomGenerator::global()->generateDouble();
}

} // namespace switchyard::routing
