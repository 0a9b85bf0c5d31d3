// Watch module
