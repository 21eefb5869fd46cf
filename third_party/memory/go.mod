module modernc.org/memory

// +heroku goVersion go1.14

go 1.18

require modernc.org/mathutil v1.5.0

require github.com/remyoudompheng/bigfft v0.0.0-20200410134404-eec4a21b6bb0 // indirect
