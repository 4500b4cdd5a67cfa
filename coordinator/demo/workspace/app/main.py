from fastapi import FastAPI

from app.api.routes import health, users

app = FastAPI(title="Taskboard API")
app.include_router(health.router)
app.include_router(users.router, prefix="/users", tags=["users"])
