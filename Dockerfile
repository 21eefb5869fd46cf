FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
COPY third_party ./third_party
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /tracuu .

FROM gcr.io/distroless/static-debian12
COPY --from=build /tracuu /tracuu
ENV DATA_DIR=/data ADDR=:8080
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/tracuu"]
CMD ["serve"]
