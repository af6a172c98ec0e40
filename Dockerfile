# Jobber itself: built with Maven, run on a JRE as an unprivileged user.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY mvnw .
RUN ./mvnw -B -q dependency:go-offline || true
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/jobber jobber \
    && mkdir -p /var/lib/jobber && chown jobber /var/lib/jobber
COPY --from=build /src/target/quarkus-app /opt/jobber
USER jobber
ENV JOBBER_DATA_DIR=/var/lib/jobber
EXPOSE 3000 3001 5211
ENTRYPOINT ["java", "-jar", "/opt/jobber/quarkus-run.jar"]
