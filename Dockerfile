# Jobber itself: built with Maven, run on a JRE as an unprivileged user. Runner images are separate (runner-images/).
# The web panel is built with Node in its own stage and copied into the jar's resources.
FROM node:22-slim AS panel
WORKDIR /webui
COPY src/main/webui/package.json src/main/webui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/main/webui ./
RUN npx vite build --outDir /panel --emptyOutDir

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline || true
COPY src src
COPY --from=panel /panel src/main/resources/META-INF/resources/jobber
RUN ./mvnw -B -q package -DskipTests -Dpanel.skip=true

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/jobber jobber \
    && mkdir -p /var/lib/jobber && chown jobber /var/lib/jobber
COPY --from=build --chown=root:root /src/target/quarkus-app /opt/jobber
USER 10001
ENV JOBBER_DATA_DIR=/var/lib/jobber \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /var/lib/jobber
WORKDIR /var/lib/jobber
EXPOSE 3000 3001 5211
ENTRYPOINT ["java", "-jar", "/opt/jobber/quarkus-run.jar"]
