print("extraction benchmark")
