// glibc's allocator tuning (mallopt), for the controller's memory limit (ScourMain.swift).
#ifdef __linux__
#include <malloc.h>
#endif
