project = "app"
