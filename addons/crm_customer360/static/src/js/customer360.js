// Customer 360 timeline
