print("parser benchmark")
