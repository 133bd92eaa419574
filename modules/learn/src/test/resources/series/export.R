w <- function(x, name) {
  t <- time(x); f <- frequency(x)
  yr <- floor(as.numeric(t) + 1e-9); per <- round((as.numeric(t) - yr) * f) + 1
  d <- data.frame(year = yr, period = per, value = as.numeric(x))
  write.csv(d, paste0(name, ".csv"), row.names = FALSE, quote = FALSE)
  cat(name, length(x), f, start(x), "\n")
}
w(AirPassengers, "air_passengers")
w(co2, "co2")
w(nottem, "nottem")
w(UKgas, "ukgas")
