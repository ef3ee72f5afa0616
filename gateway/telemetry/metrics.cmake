# Prometheus metrics and live statistics (the lead's part of telemetry/).
target_sources(switchyard_gateway PRIVATE
    telemetry/GatewayMetrics.cpp telemetry/GatewayMetrics.h
    telemetry/LiveStats.cpp telemetry/LiveStats.h
    telemetry/ProcessStats.cpp telemetry/ProcessStats.h
    telemetry/PrometheusWriter.cpp telemetry/PrometheusWriter.h
)
if(WIN32)
    target_link_libraries(switchyard_gateway PRIVATE psapi)
endif()
