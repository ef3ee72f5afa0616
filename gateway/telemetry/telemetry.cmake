# gateway/telemetry: sources are added here (target_sources(switchyard_gateway PRIVATE ...)).

# VRAM telemetry: GPU probes (NVML, nvidia-smi, AMD sysfs, Apple), Ollama /api/ps, the monitor.
target_sources(switchyard_gateway PRIVATE
    telemetry/GpuInfo.cpp telemetry/GpuInfo.h
    telemetry/GpuNvmlProbe.cpp telemetry/GpuNvmlProbe.h
    telemetry/GpuSmiProbe.cpp telemetry/GpuSmiProbe.h
    telemetry/GpuSysfsProbe.cpp telemetry/GpuSysfsProbe.h
    telemetry/OllamaPs.cpp telemetry/OllamaPs.h
    telemetry/OllamaPsProbe.cpp telemetry/OllamaPsProbe.h
    telemetry/VramHistory.cpp telemetry/VramHistory.h
    telemetry/VramMonitor.cpp telemetry/VramMonitor.h
    telemetry/VramProbe.cpp telemetry/VramProbe.h
    telemetry/VramSample.cpp telemetry/VramSample.h
    telemetry/VramSettings.h
)
if(APPLE)
    # Unified memory through sysctl and Mach VM statistics; no such thing elsewhere.
    target_sources(switchyard_gateway PRIVATE
        telemetry/GpuAppleProbe.cpp telemetry/GpuAppleProbe.h)
endif()
